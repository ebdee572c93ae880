package io.portcullis.auth.system;

import java.time.Clock;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.observation.SecurityObservationSettings;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    /** The endpoints where a client authenticates with its own credentials (a form body, HTTP Basic). */
    private static final Set<String> OAUTH_ENDPOINTS = Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke");


    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DatabaseChangeListener databaseChangeListener(DataSource dataSource, ApplicationEventPublisher events) {
        return new DatabaseChangeListener(dataSource, events);
    }

    @Bean
    WorkerThreads workerThreads(Environment environment) {
        return WorkerThreads.of(environment.getProperty(WorkerThreads.PROPERTY),
                Runtime.getRuntime().availableProcessors());
    }

    @Bean
    JsonMapperBuilderCustomizer unknownFields() {
        return (builder) -> builder.addHandler(new UnknownFields());
    }

    @Bean
    UnknownFieldsGuard unknownFieldsGuard() {
        return new UnknownFieldsGuard();
    }

    @Bean
    OAuthEndpointObservationConvention oauthEndpointObservationConvention() {
        return new OAuthEndpointObservationConvention();
    }

    /**
     * No Spring Security observations: by default every filter of the chain is wrapped in an observation whose
     * before/after events each build and increment a tagged counter, and the authentication and authorization
     * managers in one more each. On the token endpoint (18 filters) that was the largest share of the Java time and
     * of the allocation in the profile (benchmarks/README.md, "Token endpoint"). Each request still has its
     * {@code http.server.requests} observation (latency metric, trace span), and token outcomes are counted by
     * {@code portcullis.tokens.issued} and {@code portcullis.tokens.refused}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    FilterRegistrationBean<ClientIdLoggingFilter> clientIdLoggingFilter() {
        FilterRegistrationBean<ClientIdLoggingFilter> registration = new FilterRegistrationBean<>(
                new ClientIdLoggingFilter(OAUTH_ENDPOINTS));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ControlCharacterFilter> controlCharacterFilter() {
        FilterRegistrationBean<ControlCharacterFilter> registration = new FilterRegistrationBean<>(
                new ControlCharacterFilter(OAUTH_ENDPOINTS));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 25);
        return registration;
    }

}
