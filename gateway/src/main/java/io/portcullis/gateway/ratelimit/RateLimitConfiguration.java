package io.portcullis.gateway.ratelimit;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

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
            ReactiveStringRedisTemplate template,
            @Qualifier(StaticRateLimiterScript.BEAN_NAME) RedisScript<List<Long>> script,
            RateLimitProperties properties, MeterRegistry registry) {
        return new RedisFailurePolicyRateLimiter(redis, template, script, properties, registry);
    }

}
