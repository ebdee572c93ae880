package io.portcullis.gateway.downstream;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Each load-balanced service's instance list (in the service's own LoadBalancer context): configured instances,
 * probed for readiness every {@code spring.cloud.loadbalancer.health-check.interval} (LoadBalancer's health-check
 * supplier, whose rounds wait for each probe's own verdict: {@link ProbedInstancesSupplier}), minus ejected ones.
 * Deliberately not a {@code @Configuration}: LoadBalancer creates it per service, component scanning must not.
 */
class InstanceSupplierConfiguration {

    @Bean
    @SuppressWarnings("unchecked")
    ServiceInstanceListSupplier availableInstances(ConfigurableApplicationContext context, ReadinessProbe probe,
            InstanceHealth health) {
        ServiceInstanceListSupplier configured = ServiceInstanceListSupplier.builder()
            .withDiscoveryClient()
            .build(context);
        HealthCheckServiceInstanceListSupplier ready = new ProbedInstancesSupplier(configured,
                context.getBean(ReactiveLoadBalancer.Factory.class), probe::ready);
        return new AvailableInstancesSupplier(ready, health);
    }

}
