package io.portcullis.resourceserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.resourceserver.sample.SampleResourceServer;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.filter.FormContentFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a service that has nothing but handlers, {@link RequiredScope} and properties, over real mutual
 * TLS with a stand-in auth-server: callers by SAN, strict credentials, scopes, refusals and their reasons.
 */
@SpringBootTest(classes = SampleResourceServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ResourceServerStarterIntegrationTests {

    private static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        SampleEnvironment.register(registry, AUTH.jwksUri());
    }

    @AfterAll
    static void stopAuthorizationServer() {
        AUTH.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry meters;

    @Test
    void requestWhenAllowedCallerAndScopeThenServedWithRequestId() throws Exception {
        HttpResponse<String> response = send(as("gateway"), get("/orders/7").header("X-Request-Id", "req-123")
            .header("Authorization", "Bearer " + token("orders.read")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":\"7\"}");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-123");
    }

    @Test
    void requestWhenCertificateNamesGatewayOnlyInCommonNameThenForbidden() throws Exception {
        TestPki.platform().issue("gateway-by-cn-only", "gateway");

        HttpResponse<String> response = send(as("gateway-by-cn-only"),
                get("/orders/7").header("Authorization", "Bearer " + token("orders.read")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"This client certificate may not call the service\"}");
    }

    @Test
    void requestWhenCallerAllowedByUriSanThenServed() throws Exception {
        TestPki.platform().issue("reporting-by-uri", "whatever", "spiffe://portcullis/reporting");

        HttpResponse<String> response = send(as("reporting-by-uri"),
                get("/orders/7").header("Authorization", "Bearer " + token("orders.read")));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void requestWhenPathHasItsOwnAllowListThenOnlyItsCallersAdmitted() throws Exception {
        HttpRequest.Builder ping = get("/internal/ping").header("Authorization", "Bearer " + token("orders.read"));

        assertThat(send(as("gateway"), ping).statusCode()).isEqualTo(403);
        assertThat(send(as("billing"), ping).statusCode()).isEqualTo(200);
        assertThat(send(as("billing"), get("/orders/7").header("Authorization", "Bearer " + token("orders.read")))
            .statusCode()).as("billing only on its path").isEqualTo(403);
    }

    @Test
    void requestWhenTwoAuthorizationHeadersThenInvalidRequest() throws Exception {
        String token = token("orders.read");

        HttpResponse<String> response = send(as("gateway"),
                get("/orders/7").header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token));

        assertInvalidRequest(response);
    }

    @Test
    void requestWhenHeaderAndAccessTokenParameterThenInvalidRequest() throws Exception {
        String token = token("orders.read");

        HttpResponse<String> response = send(as("gateway"),
                get("/orders/7?access_token=" + token).header("Authorization", "Bearer " + token));

        assertInvalidRequest(response);
    }

    @Test
    void requestWhenFormBodyThenNotParsedBeforeAuthenticationAndNotACredential(CapturedOutput output)
            throws Exception {
        String token = token("orders.write");
        HttpRequest.Builder malformed = get("/orders").header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("%%%=%%%&a=%G1"));
        HttpRequest.Builder withToken = get("/orders").header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("access_token=" + token));

        HttpResponse<String> unauthenticated = send(as("gateway"), malformed);
        HttpResponse<String> formToken = send(as("gateway"), withToken);

        // the body was not parsed: the request is refused for its missing token, not for its body
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        // nor on PUT, PATCH and DELETE: Boot's FormContentFilter, which reads and parses those bodies ahead of
        // Spring Security and of max-body-size, is off
        assertThat(this.context.getBeanNamesForType(FormContentFilter.class)).isEmpty();
        // a form field is the handler's data, not a second credential: the handler takes JSON only
        assertThat(formToken.statusCode()).as(formToken.body()).isEqualTo(415);
        assertThat(formToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(output.getAll()).doesNotContain("InvalidParameterException");
    }

    @Test
    void requestWhenQueryParametersCannotBeParsedThenBadRequestProblem(CapturedOutput output) throws Exception {
        // more parameters than Tomcat parses (server.tomcat.max-parameter-count, 1,000), in a query short enough to
        // pass the gateway's 4 KB request line
        HttpResponse<String> response = send(as("gateway"),
                get("/orders?page=1" + "&a".repeat(1_000)).header("Authorization", "Bearer " + token("orders.read")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"detail\":\"The request's parameters cannot be parsed\"");
        assertThat(output.getAll()).doesNotContain("Unexpected failure");
        assertThat(send(as("gateway"), get("/orders?page=2").header("Authorization", "Bearer " + token("orders.read")))
            .body()).isEqualTo("{\"page\":2}");
    }

    @Test
    void requestWhenTokenOnlyInQueryThenUnauthorized() throws Exception {
        HttpResponse<String> response = send(as("gateway"), get("/orders/7?access_token=" + token("orders.read")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void requestWhenTokenNotCanonicalBase64UrlThenInvalidToken(CapturedOutput output) throws Exception {
        String token = token("orders.read");
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String signed = token.substring(0, token.lastIndexOf('.') + 1);
        double before = refusals("malformed");
        // the same signature bytes spelt differently: padded, standard alphabet, non-zero unused trailing bits
        String[] spellings = { token + "==", signed + signature.replace('-', '+').replace('_', '/') + "+",
                signed + nonCanonicalTail(signature), token.replace(".", "..") };

        for (String spelling : spellings) {
            HttpResponse<String> response = send(as("gateway"),
                    get("/orders/7").header("Authorization", "Bearer " + spelling));
            assertThat(response.statusCode()).as(spelling).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        }

        assertThat(refusals("malformed") - before).isEqualTo(spellings.length);
        assertThat(output).contains("reason=malformed");
    }

    @Test
    void requestWhenTokenLacksScopeThenForbiddenNamingTheScope() throws Exception {
        HttpResponse<String> response = send(as("gateway"),
                post("/orders", "{}").header("Authorization", "Bearer " + token("orders.read")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"insufficient_scope\", scope=\"orders.write\"");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"The access token lacks scope orders.write\"}");
    }

    @Test
    void requestWhenScopeDeclaredInPropertiesThenEnforced() throws Exception {
        assertScopeEnforced("/reports", "reports.read");
    }

    @Test
    void requestWhenControllerDeclaresTheScopeThenEnforcedOnItsHandlers() throws Exception {
        assertScopeEnforced("/audit", "audit.read");
    }

    @Test
    void requestWhenHandlerDeclaresNoScopeThenForbiddenToEveryToken() throws Exception {
        HttpResponse<String> response = send(as("gateway"),
                get("/undeclared").header("Authorization", "Bearer " + token("orders.read orders.write")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("should never be served");
    }

    @Test
    void requestWhenUnknownPathThenNotFoundProblemBeforeAnyScopeCheck() throws Exception {
        HttpResponse<String> response = send(as("gateway"),
                get("/nowhere/1").header("Authorization", "Bearer " + token("unrelated")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404");
    }

    @Test
    void requestWhenUnknownPathWithoutTokenThenUnauthorized() throws Exception {
        assertThat(send(as("gateway"), get("/nowhere/1")).statusCode()).isEqualTo(401);
    }

    @Test
    void requestWhenTokenFailsACheckThenSameAnswerButReasonLoggedAndCounted(CapturedOutput output)
            throws Exception {
        record Case(String reason, String token) {
        }
        Case[] cases = { new Case("expired", AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.read")
            .issuedAt(Instant.now().minusSeconds(600))
            .notBefore(Instant.now().minusSeconds(600))
            .expiresAt(Instant.now().minusSeconds(120))
            .build()),
                new Case("not_yet_valid", AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.read")
                    .notBefore(Instant.now().plusSeconds(600))
                    .build()),
                new Case("wrong_audience", AUTH.token("https://users.portcullis.local").scope("orders.read").build()),
                new Case("wrong_issuer", AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.read")
                    .issuer("https://evil.example")
                    .build()),
                new Case("wrong_type", AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.read").type("JWT").build()),
                new Case("unknown_key", AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.read").unknownKey().build()),
                new Case("bad_signature", tamperedSignature()), new Case("malformed", "not-a-jwt") };

        for (Case refused : cases) {
            double before = refusals(refused.reason());
            HttpResponse<String> response = send(as("gateway"), get("/orders/7").header("X-Request-Id",
                    "req-" + refused.reason()).header("Authorization", "Bearer " + refused.token()));
            assertThat(response.statusCode()).as(refused.reason()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
            assertThat(response.body()).as(refused.reason())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"The access token is not valid\"}");
            assertThat(refusals(refused.reason()) - before).as(refused.reason()).isEqualTo(1);
            assertThat(output).containsPattern("GET /orders/7 401 handler=none client_id=none caller=gateway reason="
                    + refused.reason() + " request_id=req-" + refused.reason() + " trace_id=[0-9a-f]{32}");
        }
        double missing = refusals("missing");
        assertThat(send(as("gateway"), get("/orders/7")).statusCode()).isEqualTo(401);
        assertThat(refusals("missing") - missing).isEqualTo(1);
    }

    @Test
    void requestWhenServedThenAccessLogContinuesTheCallersTrace(CapturedOutput output) throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        send(as("gateway"), get("/orders/9").header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .header("X-Request-Id", "req-traced")
            .header("Authorization", "Bearer " + token("orders.read")));

        assertThat(output).contains("GET /orders/9 200 handler=/orders/{id} client_id=test-client caller=gateway "
                + "reason=none request_id=req-traced trace_id=" + traceId);
    }

    @Test
    void apiDocsWhenServedThenEachOperationListsItsScopes() throws Exception {
        HttpResponse<String> response = send(as("gateway"), get("/v3/api-docs"));

        JsonNode document = JsonMapper.builder().build().readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(document.at("/paths/~1orders~1{id}/get/security/0/bearer/0").asString()).isEqualTo("orders.read");
        assertThat(document.at("/paths/~1orders/post/security/0/bearer/0").asString()).isEqualTo("orders.write");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
    }

    private void assertScopeEnforced(String path, String scope) throws Exception {
        HttpResponse<String> without = send(as("gateway"),
                get(path).header("Authorization", "Bearer " + token("orders.read")));
        HttpResponse<String> with = send(as("gateway"), get(path).header("Authorization", "Bearer " + token(scope)));

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
        assertThat(with.statusCode()).isEqualTo(200);
    }

    private static void assertInvalidRequest(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_request\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"The request carries more than one credential\"}");
    }

    /** The last character of an unpadded base64url part, with an unused trailing bit set: same bytes, other text. */
    private static String nonCanonicalTail(String part) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(part.charAt(part.length() - 1));
        return part.substring(0, part.length() - 1) + alphabet.charAt(last | 1);
    }

    private static String tamperedSignature() {
        String token = AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.read").build();
        String other = AUTH.token(SampleEnvironment.AUDIENCE).scope("orders.write").build();
        return token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    }

    private double refusals(String reason) {
        var counter = this.meters.find("portcullis.resource-server.refusals").tag("reason", reason).counter();
        return (counter != null) ? counter.count() : 0;
    }

    private static String token(String scope) {
        return AUTH.token(SampleEnvironment.AUDIENCE).scope(scope).build();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder post(String path, String json) {
        return get(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpClient as(String service) {
        return HttpClient.newBuilder().sslContext(TestPki.platform().sslContext(service)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
