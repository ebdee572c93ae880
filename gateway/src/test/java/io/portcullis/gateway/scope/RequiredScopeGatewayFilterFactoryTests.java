package io.portcullis.gateway.scope;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import static org.assertj.core.api.Assertions.assertThat;

class RequiredScopeGatewayFilterFactoryTests {

    private final GatewayFilter filter = filter("users.read", "users.write");

    private final AtomicBoolean forwarded = new AtomicBoolean();

    @Test
    void filterWhenReadWithReadScopeThenForwarded() {
        MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/api/users"), "SCOPE_users.read");

        this.filter.filter(exchange, (e) -> mark()).block();

        assertThat(this.forwarded).isTrue();
    }

    @Test
    void filterWhenWriteWithOnlyReadScopeThenForbiddenNamingWriteScope() {
        MockServerWebExchange exchange = exchange(MockServerHttpRequest.delete("/api/users/1"), "SCOPE_users.read");

        this.filter.filter(exchange, (e) -> mark()).block();

        assertThat(this.forwarded).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
            .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"users.write\"");
    }

    @Test
    void filterWhenNoPrincipalThenForbidden() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/users"));

        this.filter.filter(exchange, (e) -> mark()).block();

        assertThat(this.forwarded).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void shortcutWhenTwoValuesThenReadThenWrite() {
        assertThat(new RequiredScopeGatewayFilterFactory().shortcutFieldOrder()).containsExactly("read", "write");
    }

    private Mono<Void> mark() {
        this.forwarded.set(true);
        return Mono.empty();
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request, String authority) {
        TestingAuthenticationToken principal = new TestingAuthenticationToken("client", "n/a", authority);
        return MockServerWebExchange.builder(request).principal(principal).build();
    }

    /** The relay's reading of a token's scopes is Spring Security's (the chain's), claim shape by claim shape. */
    @Test
    void grantsWhenAnyClaimShapeThenAsSpringSecurityReadsAuthorities() {
        JwtGrantedAuthoritiesConverter spring = new JwtGrantedAuthoritiesConverter();
        List<Map<String, Object>> shapes = List.of(Map.of("scope", "users.read users.write"),
                Map.of("scope", "users.write"), Map.of("scope", List.of("users.read")), Map.of("scp", "users.read"),
                Map.of("scope", "", "scp", "users.read"), Map.of("scope", List.of(), "scp", "users.read"),
                Map.of("scope", 42), Map.of("scope", "users.readers"), Map.of("other", "users.read"));
        for (Map<String, Object> claims : shapes) {
            Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").claims((all) -> all.putAll(claims)).build();
            boolean chain = spring.convert(jwt).stream()
                .anyMatch((authority) -> "SCOPE_users.read".equals(authority.getAuthority()));
            assertThat(RequiredScopeGatewayFilterFactory.grants(jwt, "users.read")).as(claims.toString())
                .isEqualTo(chain);
        }
    }

    private static GatewayFilter filter(String read, String write) {
        RequiredScopeGatewayFilterFactory.Config config = new RequiredScopeGatewayFilterFactory.Config();
        config.setRead(read);
        config.setWrite(write);
        return new RequiredScopeGatewayFilterFactory().apply(config);
    }

}
