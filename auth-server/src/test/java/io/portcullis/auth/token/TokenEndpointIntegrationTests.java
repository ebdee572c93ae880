package io.portcullis.auth.token;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.portcullis.auth.AccessTokens;
import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.client.TestClients;
import io.portcullis.auth.scope.ApiResource;
import io.portcullis.auth.scope.ApiResourceRepository;
import io.portcullis.auth.scope.Scope;
import io.portcullis.auth.scope.ScopeRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class TokenEndpointIntegrationTests extends AuthServerIntegrationTestSupport {

    static final String USERS = "https://users.portcullis.local";

    /** Bootstrapped (application.yml: the order-service's resource, with orders.read and orders.write). */
    static final String ORDERS = "https://orders.portcullis.local";

    @Autowired
    ApiResourceRepository resources;

    @Autowired
    ScopeRepository scopes;

    @BeforeEach
    void setUp() {
        if (!this.resources.existsById(ORDERS)) {
            this.resources.save(ApiResource.create(ORDERS, "orders", "Orders", Instant.now()));
            this.scopes.save(Scope.create("orders.read", ORDERS, "Read orders", Instant.now()));
        }
    }

    @Test
    void tokenWhenClientSecretBasicThenRfc9068AccessToken() throws Exception {
        TestClients.Created client = save(TestClients.confidential()
            .scopes("users.read", "users.write")
            .timeToLive(Duration.ofMinutes(7)));

        Response response = this.oauth.token(client.clientId(), client.secret(), "scope", "users.write users.read");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Pragma")).isEqualTo("no-cache");
        Map<String, Object> body = response.json();
        assertThat(body).containsOnlyKeys("access_token", "token_type", "expires_in", "scope");
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("scope", "users.read users.write");
        assertThat(((Number) body.get("expires_in")).longValue()).isBetween(419L, 420L);

        JWKSet jwks = AccessTokens.jwks(this.oauth);
        SignedJWT jwt = AccessTokens.verify((String) body.get("access_token"), jwks);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwks.getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://auth.portcullis.test");
        assertThat(claims.getSubject()).isEqualTo(client.clientId());
        assertThat(claims.getStringClaim("client_id")).isEqualTo(client.clientId());
        assertThat(claims.getAudience()).containsExactly(USERS);
        assertThat(claims.getStringClaim("scope")).isEqualTo("users.read users.write");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime()).isCloseTo(new java.util.Date(), 10_000);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
            .isEqualTo(Duration.ofMinutes(7).toMillis());
    }

    @Test
    void tokenWhenClientLifetimeExceedsMaximumThenCappedSoRetiredKeysOutliveIt() throws Exception {
        TestClients.Created client = save(TestClients.confidential()
            .defaultScopes("users.read")
            .timeToLive(Duration.ofHours(2)));

        Response response = this.oauth.token(client.clientId(), client.secret());

        JWTClaimsSet claims = AccessTokens.verify((String) response.json().get("access_token"),
                AccessTokens.jwks(this.oauth)).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
            .isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(((Number) response.json().get("expires_in")).longValue()).isBetween(3599L, 3600L);
    }

    @Test
    void tokenWhenClientSecretPostThenIssued() {
        TestClients.Created client = save(TestClients.confidential()
            .secretPost()
            .defaultScopes("users.read"));

        Response response = this.oauth.postForm("/oauth2/token", "grant_type", "client_credentials", "client_id",
                client.clientId(), "client_secret", client.secret());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("scope", "users.read");
    }

    @Test
    void tokenWhenEveryTokenThenUniqueJti() throws Exception {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        JWKSet jwks = AccessTokens.jwks(this.oauth);

        String first = this.oauth.accessToken(client.clientId(), client.secret());
        String second = this.oauth.accessToken(client.clientId(), client.secret());

        assertThat(AccessTokens.verify(first, jwks).getJWTClaimsSet().getJWTID())
            .isNotEqualTo(AccessTokens.verify(second, jwks).getJWTClaimsSet().getJWTID());
    }

    @Test
    void tokenWhenNoScopeRequestedThenDefaultScopes() throws Exception {
        TestClients.Created client = save(TestClients.confidential()
            .defaultScopes("users.read")
            .scopes("users.write"));

        String token = this.oauth.accessToken(client.clientId(), client.secret());

        JWTClaimsSet claims = AccessTokens.verify(token, AccessTokens.jwks(this.oauth)).getJWTClaimsSet();
        assertThat(claims.getStringClaim("scope")).isEqualTo("users.read");
        assertThat(claims.getAudience()).containsExactly(USERS);
    }

    @Test
    void tokenWhenScopesOfTwoResourcesThenAudienceNamesBoth() throws Exception {
        TestClients.Created client = save(TestClients.confidential()
            .defaultScopes("users.read", "orders.read"));

        String token = this.oauth.accessToken(client.clientId(), client.secret());

        JWTClaimsSet claims = AccessTokens.verify(token, AccessTokens.jwks(this.oauth)).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactlyInAnyOrder(USERS, ORDERS);
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders.read users.read");
    }

    @Test
    void tokenWhenResourceRequestedThenAudienceAndDefaultScopesNarrowed() throws Exception {
        TestClients.Created client = save(TestClients.confidential()
            .defaultScopes("users.read", "orders.read"));

        String token = this.oauth.accessToken(client.clientId(), client.secret(), "resource", ORDERS);

        JWTClaimsSet claims = AccessTokens.verify(token, AccessTokens.jwks(this.oauth)).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly(ORDERS);
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders.read");
    }

    @Test
    void tokenWhenScopeOutsideRequestedResourceThenInvalidScope() {
        TestClients.Created client = save(TestClients.confidential()
            .defaultScopes("users.read", "orders.read"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "resource", ORDERS, "scope",
                "users.read");

        assertError(response, 400, "invalid_scope", "Scope users.read does not belong to a requested resource");
    }

    @Test
    void tokenWhenResourceNotReachableThenInvalidTarget() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "resource", ORDERS);

        assertError(response, 400, "invalid_target", "The client may not obtain tokens for resource " + ORDERS);
    }

    @Test
    void tokenWhenResourceNotAbsoluteUriThenInvalidTarget() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "resource", "users");

        assertError(response, 400, "invalid_target",
                "The resource parameter must be an absolute URI without a fragment");
    }

    @Test
    void tokenWhenScopeNotAllowedThenInvalidScope() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "scope", "users.read users.write");

        assertError(response, 400, "invalid_scope", "The client may not request scope users.write");
    }

    @Test
    void tokenWhenUnknownScopeThenInvalidScope() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "scope", "no.such.scope");

        assertError(response, 400, "invalid_scope", "The client may not request scope no.such.scope");
    }

    @Test
    void tokenWhenNoScopeAndNoDefaultScopeThenInvalidScope() {
        TestClients.Created client = save(TestClients.confidential().scopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret());

        assertError(response, 400, "invalid_scope", "No scope was requested and the client has no default scope");
    }

    @Test
    void tokenWhenScopeMalformedThenInvalidScope() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "scope", "users.read  users.write");

        assertError(response, 400, "invalid_scope",
                "The scope parameter must be scope names separated by single spaces");
    }

    @Test
    void tokenWhenWrongSecretThenInvalidClientWithWwwAuthenticate() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret() + "x");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=\"portcullis\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void tokenWhenWrongSecretPostedThenInvalidClientWithoutWwwAuthenticate() {
        TestClients.Created client = save(TestClients.confidential()
            .secretPost()
            .defaultScopes("users.read"));

        Response response = this.oauth.postForm("/oauth2/token", "grant_type", "client_credentials", "client_id",
                client.clientId(), "client_secret", "wrong");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
        assertThat(response.header("WWW-Authenticate")).isNull();
    }

    @Test
    void tokenWhenUnknownClientThenInvalidClient() {
        Response response = this.oauth.token("no-such-client", "whatever");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenBasicClientPostsSecretThenInvalidClient() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.postForm("/oauth2/token", "grant_type", "client_credentials", "client_id",
                client.clientId(), "client_secret", client.secret());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenDisabledClientThenInvalidClient() {
        TestClients.Created client = save(TestClients.confidential()
            .defaultScopes("users.read")
            .disabled());

        Response response = this.oauth.token(client.clientId(), client.secret());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }

    @Test
    void tokenWhenNoClientAuthenticationThenInvalidClient() {
        Response response = this.oauth.postForm("/oauth2/token", "grant_type", "client_credentials");

        assertError(response, 401, "invalid_client", "Client authentication is required");
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void tokenWhenOtherGrantTypeThenUnsupportedGrantType() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        for (String grant : List.of("authorization_code", "refresh_token", "password",
                "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange")) {
            Response response = this.oauth.post("/oauth2/token", client.clientId(), client.secret(), "grant_type",
                    grant, "code", "x", "refresh_token", "x");
            assertError(response, 400, "unsupported_grant_type",
                    "This server supports only the client_credentials grant");
        }
    }

    @Test
    void tokenWhenClientMayNotUseGrantThenUnauthorizedClient() {
        TestClients.Created client = save(TestClients.confidential().noGrant().scopes("users.read"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "scope", "users.read");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "unauthorized_client");
    }

    @Test
    void tokenWhenGrantTypeMissingOrRepeatedThenInvalidRequest() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response missing = this.oauth.post("/oauth2/token", client.clientId(), client.secret(), "scope",
                "users.read");
        Response repeated = this.oauth.post("/oauth2/token", client.clientId(), client.secret(), "grant_type",
                "client_credentials", "grant_type", "client_credentials");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json()).containsEntry("error", "invalid_request");
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(repeated.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void tokenWhenScopeRepeatedThenInvalidRequest() {
        TestClients.Created client = save(TestClients.confidential().scopes("users.read", "users.write"));

        Response response = this.oauth.token(client.clientId(), client.secret(), "scope", "users.read", "scope",
                "users.write");

        assertError(response, 400, "invalid_request", "The scope parameter must not be repeated");
    }

    @Test
    void tokenWhenJsonBodyThenInvalidRequest() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.send(HttpRequest.newBuilder(this.oauth.uri("/oauth2/token"))
            .header("Authorization", OAuthClient.basic(client.clientId(), client.secret()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));

        assertError(response, 400, "invalid_request", "The request body must be application/x-www-form-urlencoded");
    }

    @Test
    void tokenWhenParametersInQueryThenInvalidRequest() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));

        Response response = this.oauth.send(
                HttpRequest.newBuilder(this.oauth.uri("/oauth2/token?grant_type=client_credentials"))
                    .header("Authorization", OAuthClient.basic(client.clientId(), client.secret()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("")));

        assertError(response, 400, "invalid_request", "Parameters must be sent in the request body, not in the URI");
    }

    @Test
    void tokenWhenBodyTooLargeThenInvalidRequest() {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        String padding = "a".repeat(20_000);

        Response sized = this.oauth.token(client.clientId(), client.secret(), "padding", padding);
        Response chunked = this.oauth.send(HttpRequest.newBuilder(this.oauth.uri("/oauth2/token"))
            .header("Authorization", OAuthClient.basic(client.clientId(), client.secret()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                    ("grant_type=client_credentials&padding=" + padding).getBytes()))));

        assertError(sized, 400, "invalid_request", "The request body is too large");
        assertError(chunked, 400, "invalid_request", "The request body is too large or not form-encoded");
    }

    @Test
    void tokenWhenGetThenMethodNotAllowed() {
        Response response = this.oauth.get("/oauth2/token");

        assertError(response, 405, "invalid_request", "This endpoint accepts only POST");
        assertThat(response.header("Allow")).isEqualTo("POST");
    }

    static void assertError(Response response, int status, String error, String description) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json()).containsEntry("error", error).containsEntry("error_description", description);
    }

}
