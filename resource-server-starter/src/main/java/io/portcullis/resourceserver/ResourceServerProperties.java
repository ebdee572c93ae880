package io.portcullis.resourceserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the resource server starter enforces beyond the token rules ({@code portcullis.token.*}) and the security
 * feed ({@code portcullis.feed.*}).
 *
 * @param enabled whether the starter secures the service at all
 * @param clients which mutual-TLS callers (by certificate SAN) may call the service
 * @param scopes scopes by endpoint, as an alternative to {@link RequiredScope}: key {@code "METHOD /path/pattern"}
 * (or {@code "/path/pattern"} for every method), value one scope or several separated by spaces
 * @param publicPaths paths served to any admitted caller without a token (the OpenAPI document by default)
 * @param maxBodySize the largest request body accepted; a larger one is answered 413
 * @param keysRetryAfter the {@code Retry-After} of a 503 answered while the auth-server's keys cannot be obtained
 * @param databaseRetryAfter the {@code Retry-After} of a 503 answered while the database is unavailable
 * @param keysWarmUpInterval how often the JWKS is tried at startup until it is obtained (readiness stays DOWN)
 */
@Validated
@ConfigurationProperties("portcullis.resource-server")
public record ResourceServerProperties(@DefaultValue("true") boolean enabled, @Valid @DefaultValue Clients clients,
        Map<String, String> scopes, @DefaultValue({ "/v3/api-docs", "/v3/api-docs/**" }) List<String> publicPaths,
        @DefaultValue("16KB") @NotNull DataSize maxBodySize, @DefaultValue("5s") @NotNull Duration keysRetryAfter,
        @DefaultValue("2s") @NotNull Duration databaseRetryAfter,
        @DefaultValue("1s") @NotNull Duration keysWarmUpInterval) {

    public ResourceServerProperties {
        scopes = (scopes != null) ? scopes : Map.of();
        publicPaths = (publicPaths != null) ? List.copyOf(publicPaths) : List.of();
    }

    /**
     * The callers admitted by mutual TLS, named by a subject alternative name of their certificate (a URI such as
     * {@code spiffe://portcullis/gateway} or a DNS name such as {@code gateway}); the common name is never used.
     *
     * @param allowed the callers admitted to every path
     * @param paths callers admitted to the paths matching a pattern, instead of {@code allowed} (first matching
     * pattern in declaration order)
     */
    public record Clients(@DefaultValue("gateway") @NotEmpty Set<String> allowed, Map<String, Set<String>> paths) {

        public Clients {
            paths = (paths != null) ? paths : Map.of();
        }

    }

}
