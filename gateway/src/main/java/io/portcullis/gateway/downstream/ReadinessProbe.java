package io.portcullis.gateway.downstream;

import java.net.URI;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Asks an instance's management port whether it is ready, over mutual TLS with the gateway's own certificate. An
 * instance whose management port is not configured (one DNS name for many pods on Kubernetes) counts as ready:
 * there the platform's own probes decide which pods get traffic.
 */
final class ReadinessProbe {

    private final DownstreamProperties properties;

    private final InstanceHealth health;

    private volatile WebClient client;

    ReadinessProbe(DownstreamProperties properties, SslBundles bundles, InstanceHealth health) {
        this.properties = properties;
        this.health = health;
        this.client = client(bundles.getBundle(properties.sslBundle()));
        // certificates are reloaded when their files change; the probes follow
        bundles.addBundleUpdateHandler(properties.sslBundle(), (bundle) -> this.client = client(bundle));
    }

    /** For Spring Cloud LoadBalancer's health-check supplier: whether the instance should get traffic. */
    Mono<Boolean> ready(ServiceInstance instance, String ignoredPath) {
        String managementPort = instance.getMetadata().get(StaticInstancesDiscoveryClient.MANAGEMENT_PORT);
        if (managementPort == null) {
            return Mono.just(true);
        }
        URI uri = URI.create((instance.isSecure() ? "https" : "http") + "://" + instance.getHost() + ":"
                + managementPort + this.properties.readinessPath());
        return this.client.get()
            .uri(uri)
            .retrieve()
            .toBodilessEntity()
            .map((response) -> HttpStatus.OK.equals(response.getStatusCode()) ? ProbeVerdict.READY
                    : ProbeVerdict.REFUSED)
            .timeout(this.properties.probeTimeout().multipliedBy(3).plusMillis(500))
            .onErrorResume(WebClientResponseException.class, (ex) -> Mono.just(ProbeVerdict.REFUSED))
            .onErrorResume((ex) -> Mono.just(ProbeVerdict.of(ex)))
            .map((verdict) -> this.health.probed(instance, verdict));
    }

    /**
     * Each step of a probe ends by its connection's own timeout (connect, TLS handshake, answer: each within
     * {@code probe-timeout}), which fails it on the connection's event loop, in order with what the connection reads.
     * The whole probe was cut off from outside at the same duration, by a timer on another thread that cancelled it
     * while its answer could be arriving: under load (the gateway's tests on a busy machine) an answer read in that
     * moment was left in the connection's queue and its buffer never released. A timer from outside is kept only as
     * a backstop, well after the three steps' own.
     */
    private WebClient client(SslBundle bundle) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, this.properties.probeTimeout().toMillis());
        HttpClient http = HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeout)
            .secure((spec) -> spec.sslContext(sslContext(bundle)).handshakeTimeout(this.properties.probeTimeout()))
            .responseTimeout(this.properties.probeTimeout());
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    private static SslContext sslContext(SslBundle bundle) {
        try {
            return SslContextBuilder.forClient()
                .keyManager(bundle.getManagers().getKeyManagerFactory())
                .trustManager(bundle.getManagers().getTrustManagerFactory())
                .build();
        }
        catch (SSLException ex) {
            throw new IllegalStateException("Cannot build the readiness probes' TLS context", ex);
        }
    }

}
