package io.portcullis.gateway.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenConverterTests {

    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl-_~+/";

    /** Every header the edge may see, answered as Spring Security's own converter answers it. */
    private static final List<String> HEADERS = List.of("Bearer " + JWT, "bearer " + JWT, "BEARER " + JWT,
            "Bearer " + JWT + "==", "Bearer abc", "Bearer a=b", "Bearer =", "Bearer ", "Bearer", "Bearer  " + JWT,
            "Bearer " + JWT + " ", "Bearer " + JWT + " extra", "Bearer " + JWT + "\n", "Bearer\t" + JWT,
            "Bearer " + JWT + "%", "Bearer tökén", "Bearerx " + JWT, "Basic ZGVtbzpzZWNyZXQ=", "Digest abc", "",
            "BearerToken", "bearer=abc");

    @Test
    void headerWhenAnyShapeThenSameAnswerAsSpringSecurity() {
        ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();
        BearerTokenConverter ours = new BearerTokenConverter();
        for (String header : HEADERS) {
            assertThat(answer(ours.convert(exchange(header)))).as(header)
                .isEqualTo(answer(spring.convert(exchange(header))));
        }
    }

    @Test
    void headerWhenAnyCharacterInTheTokenThenSameAnswerAsSpringSecurity() {
        ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();
        BearerTokenConverter ours = new BearerTokenConverter();
        for (char c = 0; c < 0x400; c++) {
            String header = "Bearer a" + c + "b";
            assertThat(answer(ours.convert(exchange(header)))).as("U+%04X", (int) c)
                .isEqualTo(answer(spring.convert(exchange(header))));
        }
    }

    @Test
    void headerWhenBearerThenTokenWithoutScheme() {
        assertThat(answer(new BearerTokenConverter().convert(exchange("Bearer " + JWT)))).isEqualTo("token " + JWT);
        assertThat(answer(new BearerTokenConverter().convert(exchange("Bearer a b")))).isEqualTo("invalid_token");
        assertThat(answer(new BearerTokenConverter().convert(exchange("Basic abc")))).isEqualTo("none");
    }

    @Test
    void requestWhenNoAuthorizationHeaderThenNoToken() {
        MockServerWebExchange exchange = MockServerWebExchange
            .from(MockServerHttpRequest.get("/api/users?access_token=" + JWT));
        assertThat(answer(new BearerTokenConverter().convert(exchange))).isEqualTo("none");
    }

    private static MockServerWebExchange exchange(String authorization) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/users").header("Authorization", authorization));
    }

    private static String answer(Mono<Authentication> result) {
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
