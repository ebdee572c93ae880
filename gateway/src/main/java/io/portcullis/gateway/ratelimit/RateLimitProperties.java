package io.portcullis.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param onRedisFailure what a request gets while Redis cannot count it (always counted in
 * {@code portcullis.gateway.ratelimit.redis.failures} and logged): {@code LOCAL} (default: the same limits, counted
 * by each gateway instance alone, so N instances allow up to N times the rate), {@code ALLOW} (no limit) or
 * {@code DENY} (429)
 */
@ConfigurationProperties("portcullis.ratelimit")
public record RateLimitProperties(@DefaultValue("LOCAL") FailurePolicy onRedisFailure) {

    public enum FailurePolicy {

        LOCAL, ALLOW, DENY

    }

}
