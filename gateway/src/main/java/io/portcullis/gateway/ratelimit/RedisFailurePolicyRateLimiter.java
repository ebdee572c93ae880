package io.portcullis.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Per-client limits counted in Redis with Spring Cloud Gateway's token-bucket script and configuration (a bucket of
 * {@code burstCapacity} tokens refilled at {@code replenishRate} per second, {@code requestedTokens} per request),
 * with two additions.
 *
 * <p><b>Leases.</b> A busy client's tokens are taken from its Redis bucket in {@link Leases leases} of up to
 * {@code portcullis.ratelimit.lease-window} worth of its rate, and its next requests at this instance are paid from
 * the lease without a Redis call. Nothing is admitted that Redis did not grant; a client at its limit is counted
 * request by request. {@code lease-window: 0} asks Redis on every request.
 *
 * <p><b>A policy for when Redis does not answer.</b> The Redis limiter itself lets such a request through; this one
 * counts and logs that (at most every 10 s) and then applies {@code portcullis.ratelimit.on-redis-failure}:
 * {@code LOCAL} (the default) counts the same limits in this instance's memory, {@code ALLOW} lets the request
 * through, {@code DENY} refuses it. Redis connections recover by themselves (Lettuce reconnects).
 */
final class RedisFailurePolicyRateLimiter implements RateLimiter<RedisRateLimiter.Config> {

    private static final Logger logger = LoggerFactory.getLogger(RedisFailurePolicyRateLimiter.class);

    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    /** A lease lives as long as the script's refill step (it reads Redis's clock in whole seconds). */
    private static final long LEASE_LIFETIME_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisRateLimiter redis;

    private final ReactiveStringRedisTemplate template;

    private final RedisScript<List<Long>> script;

    private final RateLimitProperties.FailurePolicy policy;

    private final double leaseSeconds;

    private final Counter failures;

    private final LocalTokenBuckets local = new LocalTokenBuckets(System::nanoTime);

    private final Leases leases = new Leases(System::nanoTime, LEASE_LIFETIME_NANOS);

    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    RedisFailurePolicyRateLimiter(RedisRateLimiter redis, ReactiveStringRedisTemplate template,
            RedisScript<List<Long>> script, RateLimitProperties properties, MeterRegistry registry) {
        this.redis = redis;
        this.template = template;
        this.script = script;
        this.policy = properties.onRedisFailure();
        this.leaseSeconds = properties.leaseWindow().toNanos() / 1e9;
        this.failures = Counter.builder("portcullis.gateway.ratelimit.redis.failures")
            .description("Requests whose rate limit Redis could not decide")
            .register(registry);
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        RedisRateLimiter.Config config = config(routeId);
        if (config == null) {
            // not configured for this route: Spring Cloud Gateway's own answer (an error naming the route)
            return this.redis.isAllowed(routeId, id);
        }
        long cost = config.getRequestedTokens();
        String key = routeId + "." + id;
        long maxLease = (long) (config.getReplenishRate() * this.leaseSeconds);
        if (maxLease < 2 * cost) {
            return take(key, config, cost).map((grant) -> answer(config, grant.allowed(), grant.left()))
                .onErrorResume((ex) -> Mono.just(failed(routeId, id, config)));
        }
        long left = this.leases.tryTake(key, cost);
        if (left >= 0) {
            return Mono.just(answer(config, true, left));
        }
        long size = this.leases.nextSize(key, cost, maxLease);
        return take(key, config, size).flatMap((grant) -> {
            if (grant.allowed()) {
                this.leases.granted(key, size, cost, grant.left());
                return Mono.just(answer(config, true, grant.left() + size - cost));
            }
            if (size == cost) {
                return Mono.just(refusedUnlessLeased(key, config, grant.left()));
            }
            // near the limit: this request alone, and single requests for a while
            this.leases.refused(key, grant.left());
            return take(key, config, cost).map((single) -> {
                if (!single.allowed()) {
                    return refusedUnlessLeased(key, config, single.left());
                }
                this.leases.granted(key, cost, cost, single.left());
                return answer(config, true, single.left());
            });
        }).onErrorResume((ex) -> Mono.just(failed(routeId, id, config)));
    }

    private RedisRateLimiter.Config config(String routeId) {
        Map<String, RedisRateLimiter.Config> configs = this.redis.getConfig();
        RedisRateLimiter.Config config = configs.get(routeId);
        return (config != null) ? config : configs.get("defaultFilters");
    }

    /** Takes {@code tokens} from the key's Redis bucket if it holds them (Spring Cloud Gateway's script and keys). */
    private Mono<Grant> take(String key, RedisRateLimiter.Config config, long tokens) {
        String prefix = "request_rate_limiter.{" + key + "}.";
        List<String> keys = List.of(prefix + "tokens", prefix + "timestamp");
        List<String> args = List.of(Integer.toString(config.getReplenishRate()),
                Long.toString(config.getBurstCapacity()), "", Long.toString(tokens));
        return this.template.execute(this.script, keys, args)
            .next()
            .map((result) -> new Grant(result.get(0) == 1L, result.get(1)))
            .doOnNext((grant) -> this.local.clear());
    }

    /**
     * Redis has no tokens left for this request, but a request that asked at the same time may just have filled
     * this instance's lease: a token Redis granted is spent, not refused.
     */
    private Response refusedUnlessLeased(String key, RedisRateLimiter.Config config, long redisLeft) {
        long leased = this.leases.tryTake(key, config.getRequestedTokens());
        return (leased >= 0) ? answer(config, true, leased) : answer(config, false, redisLeft);
    }

    private Response answer(RedisRateLimiter.Config config, boolean allowed, long left) {
        return new Response(allowed, this.redis.getHeaders(config, left));
    }

    private Response failed(String routeId, String id, RedisRateLimiter.Config config) {
        this.leases.clear();
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
            case LOCAL -> locally(routeId, id, config);
            case ALLOW -> new Response(true, this.redis.getHeaders(config, -1L));
            case DENY -> new Response(false, Map.of(this.redis.getRemainingHeader(), "0"));
        };
    }

    private Response locally(String routeId, String id, RedisRateLimiter.Config config) {
        long left = this.local.tryTake(routeId + "\n" + id, config.getReplenishRate(), config.getBurstCapacity(),
                config.getRequestedTokens());
        return new Response(left >= 0, this.redis.getHeaders(config, Math.max(left, 0)));
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

    /** What the script answered: whether the tokens were taken, and how many the bucket holds after it. */
    private record Grant(boolean allowed, long left) {
    }

}
