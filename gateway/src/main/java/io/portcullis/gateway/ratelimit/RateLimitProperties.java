package io.portcullis.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param onRedisFailure what a request gets while Redis cannot count it (always counted in
 * {@code portcullis.gateway.ratelimit.redis.failures} and logged): {@code LOCAL} (default: the same limits, counted
 * by each gateway instance alone, so N instances allow up to N times the rate), {@code ALLOW} (no limit) or
 * {@code DENY} (429)
 * @param leaseWindow how much of a client's rate one gateway instance may take from Redis at once for its next
 * requests (default 100 ms: a client limited to 100 requests/s costs one Redis call per 10 requests at most, and
 * one with a few requests a second still one per request); {@code 0} asks Redis on every request
 */
@ConfigurationProperties("portcullis.ratelimit")
public record RateLimitProperties(@DefaultValue("LOCAL") FailurePolicy onRedisFailure,
        @DefaultValue("100ms") Duration leaseWindow) {

    public enum FailurePolicy {

        LOCAL, ALLOW, DENY

    }

}
