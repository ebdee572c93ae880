package io.portcullis.gateway.scope;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.portcullis.gateway.security.EdgeProblems;
import jakarta.validation.constraints.NotBlank;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * The scope a route needs, per HTTP method: reads (GET, HEAD, OPTIONS) need {@code read}, everything else
 * {@code write}. A token without it is answered 403 {@code insufficient_scope} naming the scope, and the service
 * is never called. In YAML: {@code - RequiredScope=users.read, users.write}.
 */
@Component
public class RequiredScopeGatewayFilterFactory
        extends AbstractGatewayFilterFactory<RequiredScopeGatewayFilterFactory.Config> {

    private static final List<String> SCOPE_CLAIMS = List.of("scope", "scp");

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    public RequiredScopeGatewayFilterFactory() {
        super(Config.class);
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("read", "write");
    }

    @Override
    public GatewayFilter apply(Config config) {
        return (exchange, chain) -> {
            String scope = required(exchange.getRequest().getMethod(), config.getRead(), config.getWrite());
            String authority = "SCOPE_" + scope;
            return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map((principal) -> ((Authentication) principal).getAuthorities()
                    .stream()
                    .anyMatch((granted) -> authority.equals(granted.getAuthority())))
                .defaultIfEmpty(false)
                .flatMap((allowed) -> allowed ? chain.filter(exchange) : refuse(exchange.getResponse(), scope));
        };
    }

    /** The scope a request with this method needs: {@code read} for GET, HEAD and OPTIONS, else {@code write}. */
    public static String required(HttpMethod method, String read, String write) {
        return READS.contains(method) ? read : write;
    }

    /**
     * Whether the token grants {@code scope}, read as Spring Security's JWT authorities are: the first of the
     * claims {@code scope} and {@code scp} that the token has (even when it is empty), a space-separated string or
     * a list.
     */
    public static boolean grants(Jwt jwt, String scope) {
        for (String claim : SCOPE_CLAIMS) {
            Object value = jwt.getClaims().get(claim);
            if (value == null) {
                continue;
            }
            if (value instanceof String text) {
                for (String granted : text.split(" ")) {
                    if (scope.equals(granted)) {
                        return true;
                    }
                }
                return false;
            }
            return (value instanceof Collection<?> granted)
                    && granted.stream().anyMatch((item) -> scope.equals(String.valueOf(item)));
        }
        return false;
    }

    /** 403 {@code insufficient_scope} naming the scope. */
    public static Mono<Void> refuse(ServerHttpResponse response, String scope) {
        return EdgeProblems.write(response, HttpStatus.FORBIDDEN,
                "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"", "The access token lacks scope " + scope);
    }

    /** The scope of reading and of changing requests on the route. */
    @Validated
    public static class Config {

        @NotBlank
        private String read;

        @NotBlank
        private String write;

        public String getRead() {
            return this.read;
        }

        public void setRead(String read) {
            this.read = read;
        }

        public String getWrite() {
            return this.write;
        }

        public void setWrite(String write) {
            this.write = write;
        }

    }

}
