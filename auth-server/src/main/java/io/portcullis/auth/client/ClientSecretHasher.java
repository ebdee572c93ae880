package io.portcullis.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets are server-generated with 256 bits of randomness, so a fast keyed hash (HMAC-SHA256 under a key
 * from configuration) is as safe as a slow password hash and costs microseconds instead of bcrypt's tens of
 * milliseconds (DESIGN.md decision 4). A stolen table alone does not let an attacker test guesses offline either.
 * <p>
 * The encoded form a {@code RegisteredClient} carries is {@code hash} or, during a secret rotation's grace period,
 * {@code hash;previousHash;graceEndsEpochSecond}. {@link #upgradeEncoding} is always false so that Spring
 * Authorization Server never re-encodes and writes back a secret.
 */
public final class ClientSecretHasher implements PasswordEncoder {

    private static final String PREFIX = "hmac-sha256$";

    private final SecretKeySpec key;

    private final Clock clock;

    public ClientSecretHasher(byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The client secret hash key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** The stored form of {@code secret}. */
    public String hash(CharSequence secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(this.key);
            byte[] digest = mac.doFinal(secret.toString().getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is unavailable", ex);
        }
    }

    /** The credential a registered client carries: the current hash and, while it lasts, the previous one. */
    public static String credential(String currentHash, String previousHash, Instant previousExpiresAt) {
        if (previousHash == null || previousExpiresAt == null) {
            return currentHash;
        }
        return currentHash + ";" + previousHash + ";" + previousExpiresAt.getEpochSecond();
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return hash(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || rawPassword.isEmpty() || encodedPassword == null) {
            return false;
        }
        byte[] candidate = hash(rawPassword).getBytes(StandardCharsets.US_ASCII);
        String[] parts = encodedPassword.split(";", -1);
        boolean current = MessageDigest.isEqual(candidate, parts[0].getBytes(StandardCharsets.US_ASCII));
        if (current || parts.length != 3) {
            return current;
        }
        boolean previous = MessageDigest.isEqual(candidate, parts[1].getBytes(StandardCharsets.US_ASCII));
        return previous && this.clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return false;
    }

}
