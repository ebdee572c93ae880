package io.portcullis.gateway.downstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The services behind the gateway and how failures are contained.
 *
 * @param instances for each service id (routes use {@code lb://<id>}), the base URIs of its instances; on
 * Kubernetes one URI naming the service's DNS name is enough
 * @param circuitBreaker when a service is answered with 503 without being called
 */
@Validated
@ConfigurationProperties("portcullis.downstream")
public record DownstreamProperties(@DefaultValue Map<String, List<URI>> instances,
        @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumCalls calls needed before the rate counts
     * @param openFor how long an open breaker answers 503 before letting trial calls through
     * @param timeout the longest a call may take before it counts as failed
     */
    public record CircuitBreaker(@DefaultValue("50") @Min(1) int failureRateThreshold,
            @DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("10s") @NotNull Duration openFor, @DefaultValue("15s") @NotNull Duration timeout) {
    }

}
