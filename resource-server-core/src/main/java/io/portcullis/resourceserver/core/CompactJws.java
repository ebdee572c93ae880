package io.portcullis.resourceserver.core;

import java.util.Arrays;
import java.util.List;

/**
 * Strict credentials, for the services and the gateway alike: one credential, and a token in the canonical
 * base64url compact serialisation of a JWS (RFC 7515 §2, §7.1) — three non-empty parts of the URL-safe alphabet, no
 * padding, no {@code +} or {@code /}, unused trailing bits zero. A lenient decoder accepts several spellings of one
 * token, which defeats every check keyed by the token string (deny-list, validated-token cache) and lets an
 * intermediary and the service disagree on which credential counts.
 */
public final class CompactJws {

    /** The query or form parameter of RFC 6750 §2.2/2.3, never accepted but counted as a credential. */
    public static final String ACCESS_TOKEN_PARAMETER = "access_token";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static final String SCHEME = "Bearer ";

    /** Each ASCII character's value in {@link #ALPHABET}, -1 for the others: a token is scanned on every request. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUES[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private CompactJws() {
    }

    /**
     * Whether a request carries more than one credential: several {@code Authorization} headers, several
     * {@code access_token} parameters, or a header and a parameter.
     */
    public static boolean isMoreThanOneCredential(List<String> authorizationHeaders, int accessTokenParameters) {
        return authorizationHeaders.size() + accessTokenParameters > 1;
    }

    /**
     * The token of a Bearer {@code Authorization} header, {@code null} when the header uses another scheme (or is
     * absent).
     * @throws IllegalArgumentException when the Bearer credential is not one canonical compact JWS
     */
    public static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
            return null;
        }
        if (authorization.length() <= SCHEME.length() || authorization.charAt(SCHEME.length() - 1) != ' ') {
            throw new IllegalArgumentException("Bearer token is malformed");
        }
        String token = authorization.substring(SCHEME.length());
        if (!isCanonical(token)) {
            throw new IllegalArgumentException("Bearer token is malformed");
        }
        return token;
    }

    /** RFC 7515 §7.1 with the base64url of RFC 7515 §2 / RFC 4648 §5, unpadded and canonical. */
    public static boolean isCanonical(String token) {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= token.length(); i++) {
            if (i == token.length() || token.charAt(i) == '.') {
                if (!isCanonicalPart(token, start, i)) {
                    return false;
                }
                parts++;
                start = i + 1;
            }
            else if (value(token.charAt(i)) < 0) {
                return false;
            }
        }
        return parts == 3;
    }

    /** Not empty, no length that no byte string encodes to, and no set bit after the last encoded byte. */
    private static boolean isCanonicalPart(String token, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return false;
        }
        int last = value(token.charAt(end - 1));
        return switch (length % 4) {
            case 1 -> false;
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

    private static int value(char c) {
        return (c < VALUES.length) ? VALUES[c] : -1;
    }

}
