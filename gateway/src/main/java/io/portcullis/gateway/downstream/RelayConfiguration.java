package io.portcullis.gateway.downstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import io.portcullis.revocation.DenyList;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.web.server.WebFilter;

/**
 * The API relay ({@link ApiRelay}), on unless {@code portcullis.relay.enabled=false}; the routes it serves follow
 * every route refresh.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "portcullis.relay.enabled", matchIfMissing = true)
class RelayConfiguration {

    @Bean
    RelayedRoutes relayedRoutes(RouteLocator routes, GatewayProperties gateway, BeanFactory beans) {
        return new RelayedRoutes(routes, gateway, beans);
    }

    @Bean
    ApiRelay apiRelay(RelayedRoutes routes, ReactiveJwtDecoder decoder, ObjectProvider<DenyList> denyList,
            @Qualifier("edgeFilterChain") SecurityWebFilterChain edge, HttpClient client,
            HttpClientProperties clientProperties, RemoveHopByHopHeadersFilter hopByHop,
            LoadBalancerClientFactory balancers, InstanceHealth health, FailoverRules rules,
            GlobalCorsProperties cors, ObservationRegistry observations,
            ServerWebExchangeFirewall firewall, ArrivingBodies bodies) {
        Duration timeout = (clientProperties.getResponseTimeout() != null) ? clientProperties.getResponseTimeout()
                : Duration.ofDays(1);
        ApiRelay.Upstream upstream = new ApiRelay.Upstream(client, balancers, health, rules, timeout,
                hopByHop.getHeaders(), routes, observations, bodies);
        return new ApiRelay(routes, decoder, denyList.getIfAvailable(), securityHeaders(edge),
                firewall, upstream, !cors.getCorsConfigurations().isEmpty());
    }

    /** The edge chain's response headers (the same writer, so the same headers on relayed answers). */
    private static WebFilter securityHeaders(SecurityWebFilterChain edge) {
        List<WebFilter> filters = edge.getWebFilters().collectList().block();
        return filters.stream()
            .filter(HttpHeaderWriterWebFilter.class::isInstance)
            .findFirst()
            .orElse((exchange, chain) -> chain.filter(exchange));
    }

    /** The relayed routes, compiled again after each refresh of Spring Cloud Gateway's routes. */
    static final class RelayedRoutes implements ApiRelay.Relayed, ApplicationListener<RefreshRoutesResultEvent> {

        private final RouteLocator routes;

        private final GatewayProperties gateway;

        private final BeanFactory beans;

        private final AtomicReference<RelayRoutes> current = new AtomicReference<>(RelayRoutes.NONE);

        RelayedRoutes(RouteLocator routes, GatewayProperties gateway, BeanFactory beans) {
            this.routes = routes;
            this.gateway = gateway;
            this.beans = beans;
        }

        @Override
        public RelayRoutes routes() {
            return this.current.get();
        }

        @Override
        public void onApplicationEvent(RefreshRoutesResultEvent event) {
            if (event.isSuccess()) {
                this.routes.getRoutes()
                    .collectList()
                    .subscribe((list) -> this.current.set(RelayRoutes.compile(list, this.gateway.getRoutes(),
                            this.gateway.getDefaultFilters(), this.beans)));
            }
        }

    }

}
