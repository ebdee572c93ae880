package io.portcullis.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param onRedisFailure what a request gets while Redis cannot count it: {@code ALLOW} (default: availability
 * over strictness, counted in {@code portcullis.gateway.ratelimit.redis.failures} and logged) or {@code DENY} (429)
 */
@ConfigurationProperties("portcullis.ratelimit")
public record RateLimitProperties(@DefaultValue("ALLOW") FailurePolicy onRedisFailure) {

    public enum FailurePolicy {

        ALLOW, DENY

    }

}
