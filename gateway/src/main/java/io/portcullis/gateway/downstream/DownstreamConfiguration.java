package io.portcullis.gateway.downstream;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DownstreamConfiguration {

    @Bean
    StaticInstancesDiscoveryClient staticInstancesDiscoveryClient(DownstreamProperties properties) {
        return new StaticInstancesDiscoveryClient(properties);
    }

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakers(DownstreamProperties properties) {
        DownstreamProperties.CircuitBreaker settings = properties.circuitBreaker();
        return (factory) -> factory.configureDefault((id) -> new Resilience4JConfigBuilder(id)
            .circuitBreakerConfig(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build())
            .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(settings.timeout()).build())
            .build());
    }

}
