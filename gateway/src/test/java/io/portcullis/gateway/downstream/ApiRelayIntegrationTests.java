package io.portcullis.gateway.downstream;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API relay takes the common case whole and leaves every other request to Spring Security's and Spring Cloud
 * Gateway's chains: a probe between the relay and the security chain records what went on to the chains. The
 * answers themselves are pinned by the rest of the gateway's tests, which run with the relay on (and, for the edge's
 * rules, once more with it off: {@code EdgeChainIntegrationTests}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "PORTCULLIS_CORS_ORIGINS=https://app.example")
@Import(ApiRelayIntegrationTests.ChainProbe.class)
class ApiRelayIntegrationTests extends GatewayIntegrationTestSupport {

    @Autowired
    ChainProbe chains;

    @BeforeEach
    void forget() {
        this.chains.reached.clear();
    }

    @Test
    void requestWhenValidTokenWithScopeThenRelayedWithoutTheChains() {
        HttpResponse<String> response = this.edge.get("/api/users/7?page=2", token("users.read"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(UPSTREAM.seen()).singleElement()
            .satisfies((seen) -> assertThat(seen.uri()).isEqualTo("/users/7?page=2"));
        assertThat(this.chains.reached).isEmpty();
    }

    @Test
    void requestWhenRefusedByTokenOrScopeThenAnsweredByTheRelayAsTheChainsWould() {
        HttpResponse<String> expired = this.edge.get("/api/users/7", AUTH.token(GatewayTestEnvironment.AUDIENCE)
            .scope("users.read")
            .issuedAt(Instant.now().minusSeconds(3600))
            .expiresAt(Instant.now().minusSeconds(1800))
            .build());
        HttpResponse<String> noScope = this.edge.get("/api/users/7", token("orders.read"));

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(expired.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(expired.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noScope.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"insufficient_scope\", scope=\"users.read\"");
        assertThat(UPSTREAM.seen()).isEmpty();
        assertThat(this.chains.reached).isEmpty();
    }

    @Test
    void requestWhenNotTheCommonCaseThenTheChainsAnswerIt() {
        String token = token("users.read");

        HttpResponse<String> noToken = this.edge.send(this.edge.request("/api/users/1"));
        HttpResponse<String> twoCredentials = this.edge.get("/api/users/2?access_token=" + token, token);
        HttpResponse<String> cors = this.edge.send(this.edge.request("/api/users/3")
            .header("Authorization", "Bearer " + token)
            .header("Origin", "https://app.example"));
        HttpResponse<String> noRoute = this.edge.get("/api/nothing-here", token);

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(twoCredentials.statusCode()).isEqualTo(400);
        assertThat(cors.statusCode()).isEqualTo(200);
        assertThat(cors.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(this.chains.reached).containsExactly("/api/users/1", "/api/users/2", "/api/users/3",
                "/api/nothing-here");
    }

    private static String token(String scope) {
        return AUTH.token(GatewayTestEnvironment.AUDIENCE).scope(scope).clientId("relay-" + scope).build();
    }

    /** Records the paths that reached the chains: it runs after the relay (-120), before Spring Security (-100). */
    static class ChainProbe implements WebFilter, Ordered {

        final List<String> reached = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            this.reached.add(exchange.getRequest().getPath().value());
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return -110;
        }

    }

}
