package io.portcullis.auth.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.portcullis.auth.scope.Scope;
import io.portcullis.auth.scope.ScopeRepository;
import io.portcullis.auth.system.FieldErrors;
import io.portcullis.auth.system.FieldPath;
import io.portcullis.auth.system.TokenProperties;
import io.portcullis.token.SigningAlgorithm;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * What an admin may set on a client, checked all at once so that a refusal names every invalid field: scopes that
 * exist, default scopes among them, a token lifetime within bounds, and credentials that fit the authentication
 * method (public keys only, of a usable type and size, for {@code private_key_jwt}; a {@code jwksUri} only on a
 * public address).
 */
@Component
class ClientRules {

    static final Set<String> SECRET_METHODS = Set.of("client_secret_basic", "client_secret_post");

    static final String PRIVATE_KEY_JWT = "private_key_jwt";

    private static final Duration MIN_TIME_TO_LIVE = Duration.ofSeconds(30);

    private static final int MIN_RSA_BITS = 2048;

    private final ScopeRepository scopes;

    private final TokenProperties tokens;

    private final JwksUriAddresses jwksUriAddresses;

    ClientRules(ScopeRepository scopes, TokenProperties tokens, JwksUriProperties jwksUri) {
        this.scopes = scopes;
        this.tokens = tokens;
        this.jwksUriAddresses = new JwksUriAddresses(jwksUri.allowPrivateAddresses());
    }

    /** The scopes as stored, after checking each exists and the defaults are among them. */
    Set<ClientScope> scopes(List<String> allowed, List<String> defaults, FieldErrors errors) {
        Set<String> requested = new LinkedHashSet<>(allowed);
        Set<String> known = new HashSet<>();
        this.scopes.findAllById(requested).stream().map(Scope::name).forEach(known::add);
        for (int i = 0; i < allowed.size(); i++) {
            if (allowed.get(i) == null || !known.contains(allowed.get(i))) {
                errors.add(FieldPath.element("scopes", i), "unknown scope " + allowed.get(i));
            }
        }
        for (int i = 0; i < defaults.size(); i++) {
            if (!requested.contains(defaults.get(i))) {
                errors.add(FieldPath.element("defaultScopes", i), "must be one of the client's scopes");
            }
        }
        Set<String> defaultSet = Set.copyOf(defaults.stream().filter(requested::contains).toList());
        return requested.stream()
            .filter(known::contains)
            .map((scope) -> new ClientScope(scope, defaultSet.contains(scope)))
            .collect(Collectors.toUnmodifiableSet());
    }

    boolean scopeExists(String scope) {
        return this.scopes.existsById(scope);
    }

    /** The lifetime in seconds: an ISO-8601 duration of whole seconds between 30 seconds and the configured cap. */
    int timeToLive(String value, FieldErrors errors) {
        if (value == null) {
            return (int) this.tokens.defaultTimeToLive().toSeconds();
        }
        try {
            Duration ttl = Duration.parse(value);
            if (ttl.compareTo(MIN_TIME_TO_LIVE) >= 0 && ttl.compareTo(this.tokens.maxTimeToLive()) <= 0
                    && ttl.getNano() == 0) {
                return (int) ttl.toSeconds();
            }
        }
        catch (DateTimeParseException ex) {
            // answered below
        }
        errors.add("accessTokenTimeToLive", "must be an ISO-8601 duration of whole seconds between PT30S and "
                + this.tokens.maxTimeToLive());
        return 0;
    }

    /** The authentication method, defaulting to {@code client_secret_basic}. */
    String authenticationMethod(String value, FieldErrors errors) {
        if (value == null) {
            return "client_secret_basic";
        }
        if (!SECRET_METHODS.contains(value) && !PRIVATE_KEY_JWT.equals(value)) {
            errors.add("authenticationMethod", "must be client_secret_basic, client_secret_post or private_key_jwt");
        }
        return value;
    }

    /**
     * Checks the key material against the method and returns it as stored: for {@code private_key_jwt} exactly one
     * of an inline JWK Set of public keys or an https {@code jwksUri}, and an assertion algorithm (from the keys if
     * not given); for the secret methods none of them.
     */
    ClientKeys keys(String method, JsonNode jwks, String jwksUri, String algorithm, FieldErrors errors) {
        boolean hasJwks = jwks != null && !jwks.isNull();
        if (!PRIVATE_KEY_JWT.equals(method)) {
            if (hasJwks) {
                errors.add("jwks", "only a private_key_jwt client has keys");
            }
            if (jwksUri != null) {
                errors.add("jwksUri", "only a private_key_jwt client has keys");
            }
            if (algorithm != null) {
                errors.add("assertionSigningAlgorithm", "only a private_key_jwt client signs assertions");
            }
            return ClientKeys.NONE;
        }
        if (hasJwks == (jwksUri != null)) {
            errors.add(hasJwks ? "jwksUri" : "jwks", "a private_key_jwt client needs exactly one of jwks and jwksUri");
            return ClientKeys.NONE;
        }
        String derived = null;
        if (hasJwks) {
            derived = checkJwks(jwks, errors);
        }
        else {
            checkJwksUri(jwksUri, errors);
        }
        String chosen = assertionAlgorithm((algorithm != null) ? algorithm : ((derived != null) ? derived : "RS256"),
                errors);
        return new ClientKeys(hasJwks ? jwks.toString() : null, jwksUri, chosen);
    }

    /** A JWS algorithm client assertions may be signed with. */
    String assertionAlgorithm(String algorithm, FieldErrors errors) {
        if (!SigningAlgorithm.isName(algorithm)) {
            errors.add("assertionSigningAlgorithm", "must be one of " + SigningAlgorithm.NAMES.stream().sorted().toList());
        }
        return algorithm;
    }

    /** Checks the JWK Set holds only usable public keys; returns the algorithm its first key suggests. */
    private static String checkJwks(JsonNode jwks, FieldErrors errors) {
        JWKSet set;
        try {
            set = JWKSet.parse(jwks.toString());
        }
        catch (ParseException ex) {
            errors.add("jwks", "is not a JWK Set: " + ex.getMessage());
            return null;
        }
        if (set.getKeys().isEmpty()) {
            errors.add("jwks", "holds no key");
            return null;
        }
        for (int i = 0; i < set.getKeys().size(); i++) {
            JWK key = set.getKeys().get(i);
            if (key.isPrivate()) {
                errors.add(FieldPath.element("jwks.keys", i), "is a private key: register only the public part");
            }
            else if (key instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
                errors.add(FieldPath.element("jwks.keys", i), "is an RSA key shorter than " + MIN_RSA_BITS + " bits");
            }
            else if (!(key instanceof RSAKey) && !(key instanceof ECKey)) {
                errors.add(FieldPath.element("jwks.keys", i), "must be an RSA or EC key");
            }
        }
        JWK first = set.getKeys().get(0);
        if (first.getAlgorithm() != null) {
            return first.getAlgorithm().getName();
        }
        if (first instanceof ECKey ec) {
            return switch (ec.getCurve().getName()) {
                case "P-384" -> "ES384";
                case "P-521" -> "ES512";
                default -> "ES256";
            };
        }
        return "RS256";
    }

    private void checkJwksUri(String value, FieldErrors errors) {
        URI uri = null;
        try {
            uri = new URI(value);
        }
        catch (URISyntaxException ex) {
            // answered below
        }
        if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            errors.add("jwksUri", "must be an absolute https URI without fragment or user info");
            return;
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        try {
            // checked again on every fetch, on the addresses connected to (the name may resolve differently then)
            this.jwksUriAddresses.resolve(host);
        }
        catch (UnknownHostException ex) {
            errors.add("jwksUri", "must name a host that resolves, and only to public addresses");
        }
    }

}
