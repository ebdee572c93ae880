package io.portcullis.gateway.downstream;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * LoadBalancer's health-check supplier with one rule changed: an instance is left out of a probe round only when
 * its probe answers {@code false}, never because the answer came later than the round's interval. LoadBalancer's
 * own round drops every instance whose probe has not answered within one interval, without asking it again; on a
 * busy machine (a collection pause, both cores taken) that can be every instance at once, and the route answers
 * 503 for a round while all of them are serving. The probe ({@link ReadinessProbe}) bounds itself with
 * {@code portcullis.downstream.probe-timeout} and leaves the verdict to {@link InstanceHealth}, which tolerates a
 * probe or two that go unanswered, so a round always ends, and a slow one only delays the next.
 */
final class ProbedInstancesSupplier extends HealthCheckServiceInstanceListSupplier {

    private final Duration interval;

    ProbedInstancesSupplier(ServiceInstanceListSupplier delegate, ReactiveLoadBalancer.Factory<ServiceInstance> factory,
            BiFunction<ServiceInstance, String, Mono<Boolean>> probe) {
        super(delegate, factory, probe);
        this.interval = factory.getProperties(delegate.getServiceId()).getHealthCheck().getInterval();
    }

    @Override
    protected Flux<List<ServiceInstance>> healthCheckFlux(List<ServiceInstance> instances) {
        return Flux.defer(() -> Flux.fromIterable(instances)
                // in the configured order, so that round robin walks the instances the same way every round
                .flatMapSequential((instance) -> isAlive(instance).onErrorReturn(false)
                    .filter(Boolean::booleanValue)
                    .map((alive) -> instance))
                .collectList())
            .repeatWhen((rounds) -> rounds.delayElements(this.interval));
    }

}
