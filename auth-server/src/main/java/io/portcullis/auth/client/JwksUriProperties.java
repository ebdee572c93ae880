package io.portcullis.auth.client;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the server fetches the JWK Sets that {@code private_key_jwt} clients register by URI. The fetch is made on
 * an unauthenticated request's behalf, so it is bounded in every way: where it may connect, how long it may take,
 * how much it may read and how often it may happen.
 *
 * @param allowPrivateAddresses also allow loopback and private addresses (10/8, 172.16/12, 192.168/16, 100.64/10,
 *     fc00::/7) for on-premise deployments whose clients publish keys internally; link-local (cloud metadata),
 *     unspecified and multicast addresses are refused whatever this says
 * @param timeout the deadline of one whole fetch: resolving, connecting, TLS and reading the body
 * @param maxBytes the largest JWK Set document read
 * @param cacheTime how long fetched keys are used before the next request fetches them again
 * @param minRefetchInterval at most one fetch per client this often, whether the last one failed (failures are
 *     cached) or an assertion names a {@code kid} the keys lack
 * @param maxConcurrentFetches fetches in progress at once across all clients; a request finding none free does
 *     not wait
 */
@Validated
@ConfigurationProperties("portcullis.clients.jwks-uri")
public record JwksUriProperties(@DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue("2s") @NotNull Duration timeout, @DefaultValue("262144") @Min(1024) @Max(4194304) int maxBytes,
        @DefaultValue("5m") @NotNull Duration cacheTime, @DefaultValue("30s") @NotNull Duration minRefetchInterval,
        @DefaultValue("4") @Min(1) int maxConcurrentFetches) {

}
