package io.portcullis.gateway.downstream;

import java.util.HashSet;
import java.util.Set;

import io.portcullis.gateway.system.UpstreamAttributes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keeps one failing instance from failing requests: a request whose instance failed is tried again on another
 * instance (one it has not failed on yet), whatever its method when the request never reached the instance, and
 * for idempotent methods also after a failure in flight; within a retry budget. Every failure is reported per
 * instance ({@link InstanceHealth} ejects failing ones). What cannot be relayed is answered as problem+json: 503
 * with {@code Retry-After} when no instance is available, 502 or 504 when one failed in flight. YAML:
 * {@code - InstanceFailover}, before the filters that rewrite the request.
 */
final class InstanceFailoverGatewayFilterFactory
        extends AbstractGatewayFilterFactory<InstanceFailoverGatewayFilterFactory.Config> {

    /** The ids of the instances this request failed on ({@code Set<String>}), read by the instance supplier. */
    static final String TRIED = "portcullis.upstream.tried";

    /** The last failure of an instance for this request, answered when no other instance is left to try. */
    private static final String LAST_FAILURE = "portcullis.upstream.last-failure";

    private final InstanceHealth health;

    private final FailoverRules rules;

    private final ArrivingBodies bodies;

    InstanceFailoverGatewayFilterFactory(InstanceHealth health, FailoverRules rules, ArrivingBodies bodies) {
        super(Config.class);
        this.health = health;
        this.bodies = bodies;
        this.rules = rules;
    }

    @Override
    public GatewayFilter apply(Config config) {
        String route = (config.getRouteId() != null) ? config.getRouteId() : "none";
        return (exchange, chain) -> {
            this.rules.requested();
            // a retried POST or PUT sends its body again: the gateway keeps a copy of it in memory, up to max-body
            return ReplayableBody.relay(exchange, this.bodies, (replayable) -> relay(replayable, chain, route));
        };
    }

    private Mono<Void> relay(ServerWebExchange exchange, GatewayFilterChain chain, String route) {
        return Mono.defer(() -> chain.filter(exchange))
            .doOnSuccess((done) -> chosen(exchange, true))
            .retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
                Throwable error = signal.failure();
                UpstreamFailure failure = UpstreamFailure.of(error);
                ServiceInstance instance = chosen(exchange, false);
                if (instance != null && failure != null) {
                    exchange.getAttributes().put(LAST_FAILURE, failure);
                    this.health.failed(instance, failure);
                    exchange.getAttributes().computeIfAbsent(TRIED, (key) -> new HashSet<String>());
                    exchange.<Set<String>>getAttribute(TRIED).add(instance.getInstanceId());
                }
                if (!this.rules.retry(exchange, failure, signal.totalRetries(), route)) {
                    return Mono.error(error);
                }
                exchange.getAttributes().put(UpstreamAttributes.RETRIES, (int) signal.totalRetries() + 1);
                exchange.getAttributes().remove(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
                ServerWebExchangeUtils.reset(exchange);
                return Mono.just(signal.totalRetries());
            })))
            // the client went away while the instance was asked: the access log still names it
            .doOnCancel(() -> chosen(exchange, false))
            .onErrorResume((error) -> answer(exchange, error));
    }

    private @Nullable ServiceInstance chosen(ServerWebExchange exchange, boolean succeeded) {
        Response<ServiceInstance> response = exchange
            .getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (response == null || !response.hasServer()) {
            return null;
        }
        ServiceInstance instance = response.getServer();
        exchange.getAttributes().put(UpstreamAttributes.INSTANCE, instance.getInstanceId());
        if (succeeded) {
            this.health.succeeded(instance);
        }
        return instance;
    }

    private Mono<Void> answer(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        UpstreamFailure failure = UpstreamFailure.of(error);
        if (error instanceof NotFoundException) {
            // nothing (more) to try: the answer is about the instance that failed this request, if one did
            failure = exchange.getAttributeOrDefault(LAST_FAILURE, UpstreamFailure.NOT_SENT);
        }
        return (failure != null) ? this.rules.answer(exchange.getResponse(), failure) : Mono.error(error);
    }

    /** No settings of its own: retries and ejection are {@code portcullis.downstream.*}. */
    public static final class Config implements HasRouteId {

        private @Nullable String routeId;

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public @Nullable String getRouteId() {
            return this.routeId;
        }

    }

}
