package io.portcullis.gateway.downstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class ProbedInstancesSupplierTests {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final ServiceInstance first = StaticInstancesDiscoveryClient.instance("user-service",
            URI.create("https://localhost:7443?management-port=7444"));

    private final ServiceInstance second = StaticInstancesDiscoveryClient.instance("user-service",
            URI.create("https://localhost:7453?management-port=7454"));

    private final ServiceInstanceListSupplier configured = new ServiceInstanceListSupplier() {

        @Override
        public String getServiceId() {
            return "user-service";
        }

        @Override
        public Flux<List<ServiceInstance>> get() {
            ProbedInstancesSupplierTests tests = ProbedInstancesSupplierTests.this;
            return Flux.just(List.of(tests.first, tests.second));
        }

    };

    /** The first instance's probe answers "ready" three intervals late (a busy machine), the second's at once. */
    private final BiFunction<ServiceInstance, String, Mono<Boolean>> lateFirst = this::answerLateForFirst;

    private Mono<Boolean> answerLateForFirst(ServiceInstance instance, String path) {
        return (instance == this.first) ? Mono.just(true).delayElement(INTERVAL.multipliedBy(3)) : Mono.just(true);
    }

    @Test
    void roundWhenProbeAnswersReadyAfterTheIntervalThenInstanceKept() throws Exception {
        assertThat(firstRound(new ProbedInstancesSupplier(this.configured, factory(), this.lateFirst)))
            .containsExactly(this.first, this.second);
    }

    @Test
    void roundOfLoadBalancersOwnSupplierWhenProbeAnswersAfterTheIntervalThenInstanceDropped() throws Exception {
        // what ProbedInstancesSupplier is for: should LoadBalancer stop doing this, the subclass can go
        assertThat(firstRound(new HealthCheckServiceInstanceListSupplier(this.configured, factory(), this.lateFirst)))
            .containsExactly(this.second);
    }

    @Test
    void roundWhenProbeAnswersNotReadyOrFailsThenInstanceLeftOut() throws Exception {
        BiFunction<ServiceInstance, String, Mono<Boolean>> probe = (instance, path) -> (instance == this.first)
                ? Mono.just(false) : Mono.error(new IllegalStateException("probe broke"));
        assertThat(firstRound(new ProbedInstancesSupplier(this.configured, factory(), probe))).isEmpty();
    }

    @Test
    void roundsWhenInstanceBecomesReadyThenALaterRoundHasItInTheConfiguredOrder() throws Exception {
        AtomicInteger firstProbes = new AtomicInteger();
        BiFunction<ServiceInstance, String, Mono<Boolean>> probe = (instance, path) -> (instance == this.first)
                ? Mono.fromSupplier(() -> firstProbes.incrementAndGet() > 2) : Mono.just(true);
        ProbedInstancesSupplier supplier = new ProbedInstancesSupplier(this.configured, factory(), probe);
        supplier.afterPropertiesSet();
        try {
            assertThat(supplier.get().filter((round) -> round.size() == 2).blockFirst(Duration.ofSeconds(5)))
                .containsExactly(this.first, this.second);
            assertThat(firstProbes).hasValueGreaterThanOrEqualTo(3);
        }
        finally {
            supplier.destroy();
        }
    }

    private static List<ServiceInstance> firstRound(HealthCheckServiceInstanceListSupplier supplier)
            throws Exception {
        supplier.afterPropertiesSet();
        try {
            return supplier.get().blockFirst(Duration.ofSeconds(5));
        }
        finally {
            supplier.destroy();
        }
    }

    private static ReactiveLoadBalancer.Factory<ServiceInstance> factory() {
        LoadBalancerProperties properties = new LoadBalancerProperties();
        properties.getHealthCheck().setInterval(INTERVAL);
        properties.getHealthCheck().setInitialDelay(Duration.ZERO);
        return new ReactiveLoadBalancer.Factory<>() {

            @Override
            public LoadBalancerProperties getProperties(String serviceId) {
                return properties;
            }

            @Override
            public ReactiveLoadBalancer<ServiceInstance> getInstance(String serviceId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <X> Map<String, X> getInstances(String name, Class<X> type) {
                return Map.of();
            }

            @Override
            public <X> X getInstance(String name, Class<?> clazz, Class<?>... generics) {
                throw new UnsupportedOperationException();
            }

        };
    }

}
