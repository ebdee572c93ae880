package io.portcullis.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    static StaticRateLimiterScript staticRateLimiterScript() {
        return new StaticRateLimiterScript();
    }

    /** The default of every RequestRateLimiter; routes also name it: {@code "#{@redisFailurePolicyRateLimiter}"}. */
    @Bean
    @Primary
    RedisFailurePolicyRateLimiter redisFailurePolicyRateLimiter(RedisRateLimiter redis,
            RateLimitProperties properties, MeterRegistry registry) {
        return new RedisFailurePolicyRateLimiter(redis, properties, registry);
    }

}
