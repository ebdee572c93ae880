package io.portcullis.gateway.downstream;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * Service instances from configuration ({@code portcullis.downstream.instances}), for Spring Cloud LoadBalancer
 * to spread {@code lb://} routes over. Locally they are ports on localhost; on Kubernetes, the service's DNS name.
 */
final class StaticInstancesDiscoveryClient implements ReactiveDiscoveryClient {

    private final DownstreamProperties properties;

    StaticInstancesDiscoveryClient(DownstreamProperties properties) {
        this.properties = properties;
    }

    @Override
    public String description() {
        return "Portcullis static service instances";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        List<URI> uris = this.properties.instances().getOrDefault(serviceId, List.of());
        return Flux.fromIterable(uris)
            .index()
            .map((indexed) -> new DefaultServiceInstance(serviceId + "-" + indexed.getT1(), serviceId,
                    indexed.getT2().getHost(), port(indexed.getT2()), "https".equals(indexed.getT2().getScheme())));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(this.properties.instances().keySet());
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) ? 443 : 80;
    }

}
