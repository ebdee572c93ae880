package io.portcullis.resourceserver;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.resourceserver.core.ValidatedTokenDecoders;
import io.portcullis.revocation.SecurityFeedAutoConfiguration;
import io.portcullis.token.AccessTokenValidation;
import io.portcullis.token.TokenValidationProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Puts a Spring MVC service behind Portcullis with {@code portcullis.*} properties only: the platform's access token
 * rules ({@code portcullis.token.*}, token-validation) with the validated-token cache, the security feed's
 * deny-list ({@code portcullis.feed.*}), readiness held DOWN until the signing keys are obtained, strict
 * credentials, request bodies' JSON values of their own type only, mutual TLS callers by SAN, scopes per endpoint
 * ({@link RequiredScope}), RFC 6750 / RFC 9457 refusals, an access log line and refusal metrics per request, and the
 * management port's certificate rule ({@code portcullis.resource-server.*}, {@link ResourceServerProperties}).
 */
@AutoConfiguration(before = { ServletWebSecurityAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
        ApplicationAvailabilityAutoConfiguration.class, WebMvcAutoConfiguration.class },
        after = SecurityFeedAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "portcullis.resource-server.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ResourceServerProperties.class, TokenValidationProperties.class })
@Import({ ResourceServerSecurityConfiguration.class, ManagementSecurityConfiguration.class,
        OpenApiScopesConfiguration.class })
public class ResourceServerAutoConfiguration {

    @Bean
    AccessTokenKeys accessTokenKeys(TokenValidationProperties token, ResourceServerProperties properties,
            SslBundles bundles) {
        return new AccessTokenKeys(
                AccessTokenValidation.jwkSource(token, bundles.getBundle(token.sslBundle()).createSslContext()),
                properties.keysWarmUpInterval());
    }

    /** Boot's availability, with readiness held DOWN until the keys are obtained; hence Boot's bean name. */
    @Bean
    KeysReadiness applicationAvailability(AccessTokenKeys keys) {
        return new KeysReadiness(keys);
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder accessTokenDecoder(TokenValidationProperties token, AccessTokenKeys keys) {
        JwtDecoder decoder = keys.whileUnobtainedUnavailable(AccessTokenValidation.create(token, keys));
        return (token.cacheSize() > 0)
                ? ValidatedTokenDecoders.caching(decoder, token.cacheSize(), token.clockSkew(), Clock.systemUTC())
                : decoder;
    }

    @Bean
    EndpointScopes endpointScopes(ResourceServerProperties properties,
            ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
        return new EndpointScopes(properties.scopes(), mappings);
    }

    @Bean
    @ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
    ResourceServerProblemHandler resourceServerProblemHandler() {
        return new ResourceServerProblemHandler();
    }

    /** Request bodies' values are read only from their own JSON type ({@link StrictJsonValues}). */
    @Bean
    StrictJsonValues strictJsonValues() {
        return new StrictJsonValues();
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ResourceServerProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxBodySize().toBytes()));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    /** Inside the observation filter (trace context current), outside Spring Security (sees every refusal). */
    @Bean
    FilterRegistrationBean<AccessLogFilter> accessLogFilter(ObjectProvider<MeterRegistry> registry) {
        FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(
                new AccessLogFilter(registry.getIfAvailable()));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

}
