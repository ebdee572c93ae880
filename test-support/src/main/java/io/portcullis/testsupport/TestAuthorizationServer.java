package io.portcullis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Stands in for the auth-server where a test needs only its JWKS: an HTTPS server (certificate of the test PKI)
 * publishing test keys, and a builder of access tokens signed with them, correct by default and broken on demand
 * (wrong {@code typ}, {@code alg: none}, HS256 keyed with the public key, unknown {@code kid}, wrong {@code aud}
 * or {@code iss}, expired, not yet valid).
 */
public final class TestAuthorizationServer implements AutoCloseable {

    public static final String ISSUER = "https://auth.portcullis.test";

    private final HttpsServer server;

    private final List<JWK> published = new CopyOnWriteArrayList<>();

    private final AtomicInteger jwksRequests = new AtomicInteger();

    private volatile RSAKey signingKey;

    private TestAuthorizationServer() {
        try {
            this.signingKey = newKey("test-key-1");
            this.published.add(this.signingKey.toPublicJWK());
            this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.server.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("auth-server")));
            this.server.createContext("/oauth2/jwks", (exchange) -> {
                this.jwksRequests.incrementAndGet();
                byte[] body = new JWKSet(List.copyOf(this.published)).toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            this.server.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static TestAuthorizationServer start() {
        return new TestAuthorizationServer();
    }

    public String jwksUri() {
        return "https://localhost:" + this.server.getAddress().getPort() + "/oauth2/jwks";
    }

    /** How many times the JWKS was fetched. */
    public int jwksRequests() {
        return this.jwksRequests.get();
    }

    /** Publishes a new key and signs with it from now on; the old key stays published. */
    public String rotate() {
        RSAKey next = newKey("test-key-" + (this.published.size() + 1));
        this.published.add(next.toPublicJWK());
        this.signingKey = next;
        return next.getKeyID();
    }

    /** A token builder for {@code audience}, valid by default. */
    public Token token(String audience) {
        return new Token(this.signingKey, audience);
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    private static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).algorithm(JWSAlgorithm.RS256).generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An access token under construction. */
    public static final class Token {

        private RSAKey key;

        private String kid;

        private String type = "at+jwt";

        private final JWTClaimsSet.Builder claims;

        private Signing signing = Signing.RS256;

        private enum Signing {

            RS256, NONE, HS256_WITH_PUBLIC_KEY

        }

        Token(RSAKey key, String audience) {
            Instant now = Instant.now();
            this.key = key;
            this.kid = key.getKeyID();
            this.claims = new JWTClaimsSet.Builder().issuer(ISSUER)
                .subject("test-client")
                .claim("client_id", "test-client")
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        }

        public Token scope(String scope) {
            this.claims.claim("scope", scope);
            return this;
        }

        public Token clientId(String clientId) {
            this.claims.subject(clientId).claim("client_id", clientId);
            return this;
        }

        /** No {@code client_id} claim (RFC 9068 requires one; the platform's auth-server always writes it). */
        public Token withoutClientId() {
            this.claims.claim("client_id", null);
            return this;
        }

        public Token issuer(String issuer) {
            this.claims.issuer(issuer);
            return this;
        }

        public Token audience(String audience) {
            this.claims.audience(audience);
            return this;
        }

        public Token type(String type) {
            this.type = type;
            return this;
        }

        public Token expiresAt(Instant expiresAt) {
            this.claims.expirationTime(Date.from(expiresAt));
            return this;
        }

        public Token issuedAt(Instant issuedAt) {
            this.claims.issueTime(Date.from(issuedAt));
            return this;
        }

        public Token notBefore(Instant notBefore) {
            this.claims.notBeforeTime(Date.from(notBefore));
            return this;
        }

        public Token keyId(String kid) {
            this.kid = kid;
            return this;
        }

        /** Signed by a key nobody published, under a {@code kid} nobody knows. */
        public Token unknownKey() {
            this.key = newKey("unknown-key");
            this.kid = "unknown-key";
            return this;
        }

        public Token unsigned() {
            this.signing = Signing.NONE;
            return this;
        }

        /** The algorithm-confusion attack: HMAC keyed with the (public) RSA modulus bytes. */
        public Token hs256WithPublicKey() {
            this.signing = Signing.HS256_WITH_PUBLIC_KEY;
            return this;
        }

        public String build() {
            try {
                JWTClaimsSet claimsSet = this.claims.build();
                return switch (this.signing) {
                    case NONE -> base64(("{\"alg\":\"none\",\"typ\":\"" + this.type + "\"}"))
                            + "." + base64(claimsSet.toString()) + ".";
                    case HS256_WITH_PUBLIC_KEY -> {
                        SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.HS256), claimsSet);
                        byte[] secret = this.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
                        jwt.sign(new MACSigner(secret));
                        yield jwt.serialize();
                    }
                    case RS256 -> {
                        SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.RS256), claimsSet);
                        jwt.sign(new RSASSASigner(this.key));
                        yield jwt.serialize();
                    }
                };
            }
            catch (JOSEException ex) {
                throw new IllegalStateException(ex);
            }
        }

        private JWSHeader header(JWSAlgorithm algorithm) {
            JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(this.kid);
            if (this.type != null) {
                header.type(new JOSEObjectType(this.type));
            }
            return header.build();
        }

        private static String base64(String json) {
            return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

    }

}
