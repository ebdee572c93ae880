package io.portcullis.gateway.ratelimit;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Spring Cloud Gateway loads its rate-limiter Lua script from a classpath resource, and Spring Data Redis then asks
 * that resource for its last-modified time on every call — inside a jar that throws (and fills a stack trace) on
 * every request. The script never changes at run time, so it is replaced by the same text held in memory.
 */
final class StaticRateLimiterScript implements BeanPostProcessor {

    static final String BEAN_NAME = "redisRequestRateLimiterScript";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (BEAN_NAME.equals(beanName) && bean instanceof RedisScript<?> script) {
            return RedisScript.of(script.getScriptAsString(), List.class);
        }
        return bean;
    }

}
