package io.portcullis.gateway.system;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.cloud.gateway.filter.headers.observation.GatewayContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The two request observations make spans, not timers. Every request at the edge is timed once, by
 * {@code portcullis.gateway.requests} ({@link EdgeAccessFilter}: route, client, status, outcome), which the
 * dashboards and alerts read. The server observation ({@code http.server.requests}) and the relay's client
 * observation ({@code http.client.requests}) stay for the server and client spans that carry the trace; their
 * timers would time the same request twice more (a tag list built, sorted and looked up, and a histogram recorded,
 * per request). Any other observation keeps its meters.
 */
@Configuration(proxyBeanMethods = false)
class ObservationMetersConfiguration {

    /**
     * Spring Boot puts the meter handlers in one group where the first that supports a context handles it: this one
     * comes first, takes the two request contexts and records nothing for them; Boot's default takes the rest. It
     * must stay a plain meter handler: Boot files a {@code TracingAwareMeterObservationHandler} with the tracing
     * handlers, where it would take these contexts from the tracing handler and the requests would have no spans.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    MeterObservationHandler<Observation.Context> requestObservationsUntimed() {
        return new MeterObservationHandler<>() {

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ServerRequestObservationContext || context instanceof GatewayContext;
            }

        };
    }

}
