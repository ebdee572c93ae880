package io.portcullis.token;

import java.net.URI;

/**
 * The one rule for an issuer identifier (RFC 8414 §2): an absolute https or http URL with a host and without query,
 * fragment or user info, written without a trailing slash, exactly as it appears in {@code iss}. The auth-server and
 * every consumer bind {@code portcullis.token.issuer} through it, so {@code https://auth.example/} and
 * {@code https://auth.example} name the same issuer on both sides.
 */
public final class Issuers {

    static final String RULE = "portcullis.token.issuer must be an absolute https or http URL without query or "
            + "fragment";

    private Issuers() {
    }

    /**
     * {@code issuer} without its trailing slash.
     * @throws IllegalArgumentException naming the rule and the value when {@code issuer} breaks it
     */
    public static URI normalise(URI issuer) {
        if (!issuer.isAbsolute() || !("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))
                || issuer.getHost() == null || issuer.getRawQuery() != null || issuer.getRawFragment() != null
                || issuer.getRawUserInfo() != null) {
            throw new IllegalArgumentException(RULE + " (was '" + issuer + "')");
        }
        String value = issuer.toString();
        return value.endsWith("/") ? URI.create(value.substring(0, value.length() - 1)) : issuer;
    }

}
