package io.portcullis.auth.client;

import java.security.SecureRandom;
import java.util.Base64;

/** Server-generated client secrets: 256 bits from a CSPRNG, base64url without padding (43 characters). */
public final class ClientSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientSecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
