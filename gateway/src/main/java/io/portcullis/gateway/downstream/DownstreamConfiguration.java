package io.portcullis.gateway.downstream;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The services behind the gateway: static instances, spread by Spring Cloud LoadBalancer over those that are
 * ready and not ejected ({@link InstanceSupplierConfiguration}), with failover to another instance
 * ({@link InstanceFailoverGatewayFilterFactory}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = InstanceSupplierConfiguration.class)
class DownstreamConfiguration {

    @Bean
    StaticInstancesDiscoveryClient staticInstancesDiscoveryClient(DownstreamProperties properties) {
        return new StaticInstancesDiscoveryClient(properties);
    }

    @Bean
    InstanceHealth instanceHealth(DownstreamProperties properties, MeterRegistry registry) {
        return new InstanceHealth(properties.ejection(), registry, System::nanoTime);
    }

    @Bean
    ReadinessProbe readinessProbe(DownstreamProperties properties, SslBundles bundles, InstanceHealth health) {
        return new ReadinessProbe(properties, bundles, health);
    }

    /** One set of failover rules and one retry budget for both relaying paths: the API relay and the chain's. */
    @Bean
    FailoverRules failoverRules(DownstreamProperties properties, MeterRegistry registry) {
        return new FailoverRules(properties, new RetryBudget(properties.retry(), System::nanoTime), registry);
    }

    /** One set of limits, and one budget, for the bodies arriving on both relaying paths. */
    @Bean
    ArrivingBodies arrivingBodies(DownstreamProperties properties, MeterRegistry registry) {
        return new ArrivingBodies(properties.maxBody().toBytes(), properties.bodyTimeout(),
                properties.maxArrivingBodies().toBytes(), properties.maxArrivingBodiesPerClient().toBytes(), registry);
    }

    @Bean
    InstanceFailoverGatewayFilterFactory instanceFailoverGatewayFilterFactory(InstanceHealth health,
            FailoverRules rules, ArrivingBodies bodies) {
        return new InstanceFailoverGatewayFilterFactory(health, rules, bodies);
    }

}
