package io.portcullis.auth.token;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.TestClients;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7523 client authentication with the client's registered JWK Set, inline or by URI. The key servers here are
 * loopback stand-ins, so this class allows private addresses for jwks_uri (off by default).
 */
class PrivateKeyJwtIntegrationTests extends AuthServerIntegrationTestSupport {

    static final Map<String, Object> INVALID_CLIENT = Map.of("error", "invalid_client", "error_description",
            "Client authentication failed");

    @DynamicPropertySource
    static void loopbackKeyServers(DynamicPropertyRegistry registry) {
        registry.add("portcullis.clients.jwks-uri.allow-private-addresses", () -> "true");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ClientAssertionJtiPurge purge;

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    static final String TOKEN_ENDPOINT = "https://auth.portcullis.test/oauth2/token";

    ECKey key;

    @BeforeEach
    void setUp() throws JOSEException {
        this.key = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();
    }

    @Test
    void tokenWhenAssertionSignedWithRegisteredInlineKeyThenIssued() throws Exception {
        String clientId = registerInline();

        Response response = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).containsEntry("scope", "users.read");
    }

    @Test
    void tokenWhenAssertionReplayedThenInvalidClient() throws Exception {
        String clientId = registerInline();
        String assertion = assertion(clientId, this.key, TOKEN_ENDPOINT);

        assertThat(tokenWithAssertion(clientId, assertion).status()).isEqualTo(200);
        Response replay = tokenWithAssertion(clientId, assertion);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenAssertionSignedWithAnotherKeyThenInvalidClient() throws Exception {
        String clientId = registerInline();
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();

        Response response = tokenWithAssertion(clientId, assertion(clientId, other, TOKEN_ENDPOINT));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenClientDeletedAndCreatedAgainWithNewKeyThenOnlyTheNewKeyIsAccepted() throws Exception {
        // how an admin replaces a leaked key: the client deleted and created again under its id, the version
        // starting again at 0; the old client's decoder, with the old key, must not serve the new one
        String clientId = registerInline();
        assertThat(tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT)).status()).isEqualTo(200);
        ECKey leaked = this.key;
        ECKey replacement = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();

        this.clients.deleteById(clientId);
        save(TestClients.confidential()
            .clientId(clientId)
            .privateKeyJwt(new JWKSet(replacement.toPublicJWK()).toString(), null, "ES256")
            .defaultScopes("users.read"));

        // the change reaches the client cache by the database's notification
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> tokenWithAssertion(clientId, assertion(clientId, replacement, TOKEN_ENDPOINT)).status() == 200);
        Response old = tokenWithAssertion(clientId, assertion(clientId, leaked, TOKEN_ENDPOINT));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenAssertionForAnotherAudienceThenInvalidClient() throws Exception {
        String clientId = registerInline();

        Response response = tokenWithAssertion(clientId, assertion(clientId, this.key, "https://elsewhere/token"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenKeyPublishedAtRegisteredJwksUriThenIssued() throws Exception {
        byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", (exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            String clientId = save(TestClients.confidential()
                .privateKeyJwt(null, "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks", "ES256")
                .defaultScopes("users.read"))
                .clientId();

            Response response = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT));

            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void tokenWhenAssertionIssuedInTheFutureThenInvalidClient() throws Exception {
        String clientId = registerInline();
        Instant later = Instant.now().plus(Duration.ofDays(2));

        Response response = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT,
                UUID.randomUUID().toString(), later, later.plusSeconds(60)));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).isEqualTo(INVALID_CLIENT);
        assertThat(jtis(clientId)).isZero();
    }

    @Test
    void tokenWhenAssertionExpiresMoreThanTenMinutesFromNowThenInvalidClient() throws Exception {
        String clientId = registerInline();
        Instant now = Instant.now();

        Response withoutIat = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT,
                UUID.randomUUID().toString(), null, now.plus(Duration.ofHours(1))));
        Response withIat = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT,
                UUID.randomUUID().toString(), now, now.plus(Duration.ofMinutes(12))));

        assertThat(withoutIat.status()).isEqualTo(401);
        assertThat(withIat.status()).isEqualTo(401);
        assertThat(jtis(clientId)).isZero();
    }

    @Test
    void tokenWhenAssertionAcceptedThenJtiKeptUntilItsExpiryAndReplayRefused() throws Exception {
        String clientId = registerInline();
        Instant now = Instant.now();
        Instant exp = now.plus(Duration.ofMinutes(9)).truncatedTo(ChronoUnit.SECONDS);
        String assertion = assertion(clientId, this.key, TOKEN_ENDPOINT, "jti-kept", now, exp);

        assertThat(tokenWithAssertion(clientId, assertion).status()).isEqualTo(200);
        this.purge.purge();

        assertThat(this.jdbc.queryForObject(
                "SELECT expires_at FROM client_assertion_jtis WHERE client_id = ? AND jti = 'jti-kept'",
                java.sql.Timestamp.class, clientId).toInstant()).isEqualTo(exp.plusSeconds(60));
        Response replay = tokenWithAssertion(clientId, assertion);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json()).isEqualTo(INVALID_CLIENT);
    }

    @Test
    void tokenWhenAssertionsNameRandomKidsThenJwksFetchedOnce() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = keyServer("/jwks", fetches, Duration.ZERO);
        try {
            String clientId = registerUri(server, "/jwks");
            int attempts = 50;
            for (int i = 0; i < attempts; i++) {
                ECKey random = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
                Response response = tokenWithAssertion(clientId, assertion(clientId, random, TOKEN_ENDPOINT));
                // 429 once the failed-authentication throttle counts ten failures of this client from here
                assertThat(response.status()).isIn(401, 429);
            }
            Response genuine = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT));

            System.out.println("jwks_uri: " + attempts + " random-kid assertions -> " + fetches.get() + " fetch(es)");
            assertThat(fetches).hasValue(1);
            assertThat(genuine.status()).as(genuine.body()).isEqualTo(200);
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void tokenWhenJwksHostHangsThenOneRequestWaitsForTheDeadlineAndOthersAnswerAtOnce() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = keyServer("/jwks", fetches, Duration.ofSeconds(20));
        try {
            String clientId = registerUri(server, "/jwks");
            List<CompletableFuture<Long>> requests = new ArrayList<>();
            ExecutorService concurrently = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < 8; i++) {
                requests.add(CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    try {
                        assertThat(tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT))
                            .status()).isEqualTo(401);
                    }
                    catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                    return Duration.ofNanos(System.nanoTime() - start).toMillis();
                }, concurrently));
            }
            List<Long> millis = requests.stream().map(CompletableFuture::join).sorted().toList();
            long startLater = System.nanoTime();
            Response later = tokenWithAssertion(clientId, assertion(clientId, this.key, TOKEN_ENDPOINT));
            long laterMillis = Duration.ofNanos(System.nanoTime() - startLater).toMillis();

            System.out.println("jwks_uri hanging: request latencies " + millis + " ms, then " + laterMillis
                    + " ms; fetches " + fetches.get());
            assertThat(millis.get(millis.size() - 1)).isLessThan(4_000);
            // the deadline is 2 s: had they waited for the key server, they would have taken at least that long
            assertThat(millis.subList(0, millis.size() - 1)).allMatch((ms) -> ms < 2_000);
            assertThat(later.status()).isEqualTo(401);
            assertThat(laterMillis).isLessThan(1_500);
            assertThat(fetches).hasValue(1);
        }
        finally {
            server.stop(0);
        }
    }

    private long jtis(String clientId) {
        return this.jdbc.queryForObject("SELECT count(*) FROM client_assertion_jtis WHERE client_id = ?", Long.class,
                clientId);
    }

    private String registerUri(HttpServer server, String path) {
        return save(TestClients.confidential()
            .privateKeyJwt(null, "http://127.0.0.1:" + server.getAddress().getPort() + path, "ES256")
            .defaultScopes("users.read"))
            .clientId();
    }

    private HttpServer keyServer(String path, AtomicInteger fetches, Duration delay) throws IOException {
        byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, (exchange) -> {
            fetches.incrementAndGet();
            try {
                Thread.sleep(delay.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private String registerInline() {
        return save(TestClients.confidential()
            .privateKeyJwt(new JWKSet(this.key.toPublicJWK()).toString(), null, "ES256")
            .defaultScopes("users.read"))
            .clientId();
    }

    private Response tokenWithAssertion(String clientId, String assertion) throws IOException {
        return this.oauth.postForm("/oauth2/token", "grant_type", "client_credentials", "client_id", clientId,
                "client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion);
    }

    static String assertion(String clientId, ECKey key, String audience) throws JOSEException {
        Instant now = Instant.now();
        return assertion(clientId, key, audience, UUID.randomUUID().toString(), now, now.plusSeconds(60));
    }

    static String assertion(String clientId, ECKey key, String audience, String jti, Instant issuedAt,
            Instant expiresAt) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId)
                    .subject(clientId)
                    .audience(audience)
                    .jwtID(jti)
                    .issueTime((issuedAt != null) ? Date.from(issuedAt) : null)
                    .expirationTime(Date.from(expiresAt))
                    .build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

}
