package io.portcullis.users.security;

import java.util.UUID;
import java.util.stream.Stream;

import io.portcullis.users.UserServiceIntegrationTest;
import io.portcullis.users.UserServiceTestEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static io.portcullis.users.GatewayIdentity.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every endpoint × {no token, bad token, wrong scope, right scope}. */
@UserServiceIntegrationTest
class EndpointSecurityIntegrationTests {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        UserServiceTestEnvironment.register(registry);
    }

    @Autowired
    MockMvc mvc;

    static Stream<Arguments> endpoints() {
        String id = UUID.randomUUID().toString();
        String user = "{\"username\":\"u" + id.substring(0, 8) + "\",\"email\":\"" + id.substring(0, 8)
                + "@example.com\",\"displayName\":\"U\",\"status\":\"ACTIVE\"}";
        return Stream.of(Arguments.of(HttpMethod.GET, "/users/" + id, null, null, "users.read", "users.write"),
                Arguments.of(HttpMethod.GET, "/users", null, null, "users.read", "users.write"),
                Arguments.of(HttpMethod.POST, "/users", MediaType.APPLICATION_JSON_VALUE, user, "users.write",
                        "users.read"),
                Arguments.of(HttpMethod.PUT, "/users/" + id, MediaType.APPLICATION_JSON_VALUE, user, "users.write",
                        "users.read"),
                Arguments.of(HttpMethod.PATCH, "/users/" + id, "application/merge-patch+json", "{}", "users.write",
                        "users.read"),
                Arguments.of(HttpMethod.DELETE, "/users/" + id, null, null, "users.write", "users.read"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void requestWhenNoTokenThenUnauthorizedWithBearerChallenge(HttpMethod method, String path, String type,
            String body, String scope, String otherScope) throws Exception {
        this.mvc.perform(request(method, path, type, body))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", "Bearer"))
            .andExpect(content().contentType("application/problem+json"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void requestWhenBadTokenThenUnauthorizedInvalidTokenAndNothingElse(HttpMethod method, String path, String type,
            String body, String scope, String otherScope) throws Exception {
        String expired = UserServiceTestEnvironment.authorizationServer()
            .token(UserServiceTestEnvironment.AUDIENCE)
            .scope(scope)
            .expiresAt(java.time.Instant.now().minusSeconds(3600))
            .build();

        for (String token : new String[] { "garbage", expired }) {
            this.mvc.perform(request(method, path, type, body).header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
                .andExpect(content().json("{\"status\":401,\"detail\":\"The access token is not valid\"}"));
        }
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void requestWhenTokenLacksScopeThenForbiddenNamingTheScope(HttpMethod method, String path, String type,
            String body, String scope, String otherScope) throws Exception {
        this.mvc.perform(request(method, path, type, body).with(scopes(otherScope)))
            .andExpect(status().isForbidden())
            .andExpect(header().string("WWW-Authenticate",
                    "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\""))
            .andExpect(content().contentType("application/problem+json"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void requestWhenTokenHasScopeThenReachesTheEndpoint(HttpMethod method, String path, String type, String body,
            String scope, String otherScope) throws Exception {
        int status = this.mvc.perform(request(method, path, type, body).with(scopes(scope)))
            .andReturn()
            .getResponse()
            .getStatus();

        // reaching the endpoint: its own answer (200, 201, 204, 404 for an unknown id, 428 without If-Match)
        assertThat(status).isIn(200, 201, 204, 404, 428);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void requestWhenRealTokenWithScopeThenValidatedAndAccepted(HttpMethod method, String path, String type,
            String body, String scope, String otherScope) throws Exception {
        String token = UserServiceTestEnvironment.authorizationServer()
            .token(UserServiceTestEnvironment.AUDIENCE)
            .scope(scope)
            .build();

        int status = this.mvc.perform(request(method, path, type, body).header("Authorization", "Bearer " + token))
            .andReturn()
            .getResponse()
            .getStatus();

        assertThat(status).isIn(200, 201, 204, 404, 428);
    }

    private static MockHttpServletRequestBuilder request(HttpMethod method, String path, String type, String body) {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, path).with(gateway());
        if (type != null) {
            request.contentType(type).content(body);
        }
        return request;
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor scopes(String scope) {
        return jwt().authorities(new SimpleGrantedAuthority("SCOPE_" + scope));
    }

}
