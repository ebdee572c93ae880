package io.portcullis.gateway.downstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The services behind the gateway and how the failure of one instance is contained.
 *
 * @param instances for each service id (routes use {@code lb://<id>}), the base URIs of its instances; a URI may
 * name the instance's management port ({@code https://host:7443?management-port=7444}), which is then probed for
 * readiness. On Kubernetes one URI naming the service's DNS name is enough (the kubelet probes the pods).
 * @param readinessPath the path probed on an instance's management port
 * @param probeTimeout the longest each step of a readiness probe may take (connect, TLS handshake, answer); below the
 * probe interval
 * ({@code spring.cloud.loadbalancer.health-check.interval})
 * @param sslBundle the client certificate and trust the probes use (the gateway's own, as for requests)
 * @param ejection how long an instance that failed is left out (passive outlier detection)
 * @param retry when a failed request is tried again on another instance
 * @param retryAfter the {@code Retry-After} of the 503 answered when no instance is available
 * @param maxBody the largest request body relayed (413 beyond it), also when no {@code Content-Length} declares its
 * size (a chunked HTTP/1.1 or an HTTP/2 body): the gateway keeps a copy of each body to send it again on a retry
 * @param maxArrivingBodies the heap the bodies still arriving may take together ({@link ArrivingBodies}); a body whose
 * next bytes would go beyond it is answered 503
 * @param maxArrivingBodiesPerClient the part of that heap the bodies arriving of one client (the token's
 * {@code client_id}) may take together, best at least {@code maxBody} (a WARN otherwise); a body whose next bytes would
 * take its client beyond it is answered 429, so that one client cannot hold the whole budget and have every other
 * client's uploads refused
 * @param bodyTimeout how long a request body may take to arrive whole, from its first read (408 after it)
 */
@Validated
@ConfigurationProperties("portcullis.downstream")
public record DownstreamProperties(@DefaultValue Map<String, List<URI>> instances,
        @DefaultValue("/actuator/health/readiness") @NotNull String readinessPath,
        @DefaultValue("800ms") @NotNull Duration probeTimeout, @DefaultValue("server") @NotNull String sslBundle,
        @DefaultValue Ejection ejection,
        @DefaultValue Retry retry, @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue("1MB") @NotNull DataSize maxBody, @DefaultValue("32MB") @NotNull DataSize maxArrivingBodies,
        @DefaultValue("8MB") @NotNull DataSize maxArrivingBodiesPerClient,
        @DefaultValue("10s") @NotNull Duration bodyTimeout) {

    /**
     * @param duration how long an ejected instance gets no traffic; the readiness probe keeps a dead instance out
     * beyond that, so this only bridges the time until the next probe and stays short
     * @param consecutiveFailures failures in flight (reset, timeout) in a row that eject an instance; a refused
     * connection ejects it at once
     */
    public record Ejection(@DefaultValue("3s") @NotNull Duration duration,
            @DefaultValue("3") @Min(1) int consecutiveFailures) {
    }

    /**
     * @param attempts the most instances one request is tried on (1 turns retries off)
     * @param budgetRatio retries allowed as a share of requests, so that retries cannot multiply load during an
     * outage
     * @param minPerSecond retries always allowed per second, so that quiet traffic can retry too
     */
    public record Retry(@DefaultValue("3") @Min(1) int attempts,
            @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double budgetRatio,
            @DefaultValue("10") @Min(0) int minPerSecond) {
    }

}
