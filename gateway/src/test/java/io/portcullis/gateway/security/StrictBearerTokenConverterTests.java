package io.portcullis.gateway.security;

import io.portcullis.resourceserver.core.CompactJws;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class StrictBearerTokenConverterTests {

    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl";

    private final StrictBearerTokenConverter converter = new StrictBearerTokenConverter();

    @Test
    void convertWhenCanonicalBearerTokenThenToken() {
        assertThat(answer(get("/api/users").header("Authorization", "Bearer " + JWT))).isEqualTo("token " + JWT);
    }

    @Test
    void convertWhenNoHeaderOrOtherSchemeThenNoToken() {
        assertThat(answer(get("/api/users"))).isEqualTo("none");
        assertThat(answer(get("/api/users").header("Authorization", "Basic ZGVtbzpzZWNyZXQ="))).isEqualTo("none");
    }

    @Test
    void convertWhenMalformedOrNotCanonicalThenInvalidToken() {
        assertThat(answer(get("/api/users").header("Authorization", "Bearer a b"))).isEqualTo("invalid_token");
        // token68, but not the compact serialisation of a JWS
        assertThat(CompactJws.isCanonical("abc")).isFalse();
        assertThat(answer(get("/api/users").header("Authorization", "Bearer abc"))).isEqualTo("invalid_token");
    }

    @Test
    void convertWhenMoreThanOneCredentialThenInvalidRequest() {
        assertThat(answer(get("/api/users").header("Authorization", "Bearer " + JWT, "Bearer " + JWT)))
            .isEqualTo("invalid_request");
        assertThat(answer(get("/api/users?access_token=" + JWT).header("Authorization", "Bearer " + JWT)))
            .isEqualTo("invalid_request");
    }

    private static MockServerHttpRequest.BaseBuilder<?> get(String path) {
        return MockServerHttpRequest.get(path);
    }

    private String answer(MockServerHttpRequest.BaseBuilder<?> request) {
        Mono<Authentication> result = this.converter.convert(MockServerWebExchange.from(request));
        try {
            Authentication authentication = result.block();
            return (authentication == null) ? "none"
                    : "token " + ((BearerTokenAuthenticationToken) authentication).getToken();
        }
        catch (OAuth2AuthenticationException ex) {
            return ex.getError().getErrorCode();
        }
    }

}
