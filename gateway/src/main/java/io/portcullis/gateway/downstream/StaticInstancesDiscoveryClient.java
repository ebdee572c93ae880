package io.portcullis.gateway.downstream;

import java.net.URI;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Service instances from configuration ({@code portcullis.downstream.instances}), for Spring Cloud LoadBalancer
 * to spread {@code lb://} routes over. Locally they are ports on localhost; on Kubernetes, the service's DNS name.
 * An instance is named {@code host:port} (in metrics and the access log); its management port, when given, is in
 * its metadata for the readiness probe.
 */
final class StaticInstancesDiscoveryClient implements ReactiveDiscoveryClient {

    static final String MANAGEMENT_PORT = "management-port";

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
        return Flux.fromIterable(uris).map((uri) -> instance(serviceId, uri));
    }

    static ServiceInstance instance(String serviceId, URI uri) {
        String managementPort = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst(MANAGEMENT_PORT);
        Map<String, String> metadata = (managementPort != null) ? Map.of(MANAGEMENT_PORT, managementPort) : Map.of();
        int port = port(uri);
        return new DefaultServiceInstance(uri.getHost() + ":" + port, serviceId, uri.getHost(), port,
                "https".equals(uri.getScheme()), metadata);
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
