package io.portcullis.gateway.downstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;

/**
 * The instances a request may go to: those whose readiness probe passes (the delegate, Spring Cloud
 * LoadBalancer's health-check supplier), minus those ejected after failures, minus those this request already
 * failed on, so that a retry lands on another instance. When nothing is left the load balancer finds no instance
 * and the route answers 503.
 */
final class AvailableInstancesSupplier extends DelegatingServiceInstanceListSupplier
        implements InitializingBean, DisposableBean {

    private final InstanceHealth health;

    AvailableInstancesSupplier(HealthCheckServiceInstanceListSupplier delegate, InstanceHealth health) {
        super(delegate);
        this.health = health;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return this.delegate.get().map((instances) -> available(instances, Set.of()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Flux<List<ServiceInstance>> get(Request request) {
        Set<String> tried = Set.of();
        if (request.getContext() instanceof RequestDataContext context && context.getClientRequest() != null
                && context.getClientRequest().getAttributes() != null
                && context.getClientRequest().getAttributes().get(InstanceFailoverGatewayFilterFactory.TRIED) instanceof Set<?> set) {
            tried = Set.copyOf(set.stream().map(String::valueOf).toList());
        }
        Set<String> exclude = tried;
        return this.delegate.get(request).map((instances) -> available(instances, exclude));
    }

    private List<ServiceInstance> available(List<ServiceInstance> instances, Set<String> tried) {
        List<ServiceInstance> available = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            if (!tried.contains(instance.getInstanceId()) && this.health.available(instance)) {
                available.add(instance);
            }
        }
        return available;
    }

    @Override
    public void afterPropertiesSet() {
        // starts the periodic probes now rather than at the first request
        ((HealthCheckServiceInstanceListSupplier) this.delegate).afterPropertiesSet();
    }

    @Override
    public void destroy() {
        ((HealthCheckServiceInstanceListSupplier) this.delegate).destroy();
    }

}
