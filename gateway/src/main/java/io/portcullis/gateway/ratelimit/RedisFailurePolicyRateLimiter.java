package io.portcullis.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

/**
 * Spring Cloud Gateway's Redis rate limiter with an explicit policy for when Redis does not answer. The Redis
 * limiter itself lets such a request through and reports {@code -1} tokens remaining; this one counts and logs
 * that (at most every 10 s) and then applies the policy: {@code LOCAL} (the default) counts the same limits in
 * this instance's memory, {@code ALLOW} lets the request through, {@code DENY} refuses it. Redis connections
 * recover by themselves (Lettuce reconnects), so nothing needs a restart.
 */
final class RedisFailurePolicyRateLimiter implements RateLimiter<RedisRateLimiter.Config> {

    private static final Logger logger = LoggerFactory.getLogger(RedisFailurePolicyRateLimiter.class);

    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final RedisRateLimiter redis;

    private final RateLimitProperties.FailurePolicy policy;

    private final Counter failures;

    private final LocalTokenBuckets local = new LocalTokenBuckets(System::nanoTime);

    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    RedisFailurePolicyRateLimiter(RedisRateLimiter redis, RateLimitProperties properties, MeterRegistry registry) {
        this.redis = redis;
        this.policy = properties.onRedisFailure();
        this.failures = Counter.builder("portcullis.gateway.ratelimit.redis.failures")
            .description("Requests whose rate limit Redis could not decide")
            .register(registry);
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        return this.redis.isAllowed(routeId, id).map((response) -> {
            if (!redisFailed(response)) {
                this.local.clear();
                return response;
            }
            this.failures.increment();
            long now = System.nanoTime();
            long last = this.lastLog.get();
            if (now - last >= LOG_EVERY_NANOS && this.lastLog.compareAndSet(last, now)) {
                logger.warn("Redis did not answer the rate limiter; until it does, requests are {}", switch (this.policy) {
                    case LOCAL -> "limited by this instance alone";
                    case ALLOW -> "allowed";
                    case DENY -> "refused";
                });
            }
            return switch (this.policy) {
                case LOCAL -> locally(routeId, id);
                case ALLOW -> response;
                case DENY -> new Response(false, Map.of(this.redis.getRemainingHeader(), "0"));
            };
        });
    }

    private Response locally(String routeId, String id) {
        RedisRateLimiter.Config config = this.redis.getConfig().getOrDefault(routeId, this.redis.newConfig());
        long left = this.local.tryTake(routeId + "\n" + id, config.getReplenishRate(), config.getBurstCapacity(),
                config.getRequestedTokens());
        return new Response(left >= 0, Map.of(this.redis.getRemainingHeader(), Long.toString(Math.max(left, 0)),
                this.redis.getReplenishRateHeader(), String.valueOf(config.getReplenishRate()),
                this.redis.getBurstCapacityHeader(), String.valueOf(config.getBurstCapacity()),
                this.redis.getRequestedTokensHeader(), String.valueOf(config.getRequestedTokens())));
    }

    private boolean redisFailed(Response response) {
        return "-1".equals(response.getHeaders().get(this.redis.getRemainingHeader()));
    }

    @Override
    public Map<String, RedisRateLimiter.Config> getConfig() {
        return this.redis.getConfig();
    }

    @Override
    public Class<RedisRateLimiter.Config> getConfigClass() {
        return this.redis.getConfigClass();
    }

    @Override
    public RedisRateLimiter.Config newConfig() {
        return this.redis.newConfig();
    }

}
