package io.portcullis.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import io.portcullis.resourceserver.core.ValidatedTokenDecoders;
import io.portcullis.revocation.DenyList;
import io.portcullis.token.AccessTokenValidation;
import io.portcullis.token.ObtainedKeys;
import io.portcullis.token.TokenValidationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.cors.reactive.CorsUtils;

/**
 * The edge checks every token exactly as the services do (the shared token-validation rules) and turns away
 * anything invalid with 401 before a route is even looked at; scopes are checked per route by
 * {@code RequiredScope}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenValidationProperties.class)
class EdgeSecurityConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(EdgeSecurityConfiguration.class);

    /** The firewall of both security chains and of the API relay. */
    @Bean
    ServerWebExchangeFirewall edgeFirewall() {
        return EdgeFirewall.create();
    }

    @Bean
    ReactiveJwtDecoder accessTokenDecoder(TokenValidationProperties properties, SslBundles bundles) {
        // whether a key set was ever read: until then no token can be judged (as in the services)
        ObtainedKeys keys = new ObtainedKeys(AccessTokenValidation.jwkSource(properties,
                bundles.getBundle(properties.sslBundle()).createSslContext()),
                () -> logger.info("Access token signing keys obtained: the gateway can verify tokens"));
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
            .withJwkSource((jwt) -> Mono
                // cached keys answer at once; a refresh blocks on HTTP, so never on an event loop thread
                .fromCallable(() -> keys.get(new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())), null))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable))
            // Nimbus checks typ only for "JWT"; RFC 9068's at+jwt is checked by the shared validator
            .validateType(false)
            .jwtProcessorCustomizer((processor) -> processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                    properties.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet()),
                    (selector, context) -> selector.select(new JWKSet(context.getKeys())))))
            .build();
        decoder.setJwtValidator(AccessTokenValidation.validator(properties));
        ReactiveJwtDecoder validating = (token) -> decoder.decode(token)
            .onErrorMap((ex) -> !(ex instanceof JwtException) || AccessTokenValidation.isRateLimited(ex),
                    (ex) -> verdict(ex, keys));
        return (properties.cacheSize() > 0) ? ValidatedTokenDecoders.caching(validating, properties.cacheSize(),
                properties.clockSkew(), Clock.systemUTC()) : validating;
    }

    /**
     * What a decoder failure means. A key set that could not be read (the reactive decoder reports it as
     * {@code IllegalStateException}, which Spring Security would let through as a 500), and a throttled refetch
     * before any key set was ever read, are "cannot tell": a {@link JwtException} that is no verdict, answered 503.
     * A throttled refetch for an unknown {@code kid} once keys are known is a verdict: the token is invalid (401).
     */
    private static Throwable verdict(Throwable ex, ObtainedKeys keys) {
        if (AccessTokenValidation.isRateLimited(ex)) {
            return keys.throttled(ex);
        }
        return keysUnreadable(ex) ? new JwtException("The auth-server's keys cannot be obtained", ex) : ex;
    }

    /** A failure to read the key set (and not already a verdict on the token). */
    private static boolean keysUnreadable(Throwable ex) {
        if (ex instanceof JwtException) {
            return false;
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof KeySourceException) {
                return true;
            }
        }
        return false;
    }

    /**
     * No observation of Spring Security's filters, authentications and authorizations (they are off in
     * {@code management.observations.enable.spring.security} already): without this, each filter of both chains is
     * still wrapped on every request in an observation decorator and a Reactor checkpoint that record nothing.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The edge's chain. A token the decoder cannot judge at all (the key set was never fetched and the auth-server
     * does not answer: Spring Security's {@link AuthenticationServiceException}, which its default failure handler
     * rethrows as a 500) is answered 503 with {@code Retry-After} {@code keysRetryAfter}, as the services answer it.
     */
    @Bean
    SecurityWebFilterChain edgeFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            ObjectProvider<DenyList> denyList,
            @Value("${portcullis.gateway.keys-retry-after:5s}") Duration keysRetryAfter) {
        ServerAuthenticationEntryPoint entryPoint = new EdgeEntryPoint();
        // the management port has its own chain (ManagementSecurityConfiguration)
        http.authorizeExchange((exchanges) -> exchanges
            // CORS preflights carry no token; the gateway's CORS configuration answers them
            .matchers((exchange) -> CorsUtils.isPreFlightRequest(exchange.getRequest())
                    ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch())
            .permitAll()
            // a path no route serves is a 404 problem (NotFoundProblems) for a caller with a valid token, so that an
            // unknown path is never mistaken for a forbidden one; no route, no scope check, nothing relayed
            .anyExchange()
            .authenticated())
            .oauth2ResourceServer((resourceServer) -> resourceServer
                .bearerTokenConverter(new StrictBearerTokenConverter())
                .jwt((jwt) -> jwt.jwtDecoder(decoder))
                .authenticationEntryPoint(entryPoint)
                .authenticationFailureHandler((filterExchange, ex) -> (ex instanceof AuthenticationServiceException)
                        ? EdgeCredentials.refuseKeysUnavailable(filterExchange.getExchange(), keysRetryAfter)
                        : entryPoint.commence(filterExchange.getExchange(), ex)))
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
                .accessDeniedHandler((exchange, ex) -> EdgeProblems.write(exchange.getResponse(),
                        HttpStatus.FORBIDDEN, null, "Access is denied")))
            .addFilterAt(new ClientIdAttributeFilter(), SecurityWebFiltersOrder.AUTHORIZATION)
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
            .csrf((csrf) -> csrf.disable())
            .httpBasic((basic) -> basic.disable())
            .formLogin((form) -> form.disable())
            .logout((logout) -> logout.disable());
        denyList.ifAvailable((list) -> http.addFilterAt(new DenyListFilter(list), SecurityWebFiltersOrder.AUTHORIZATION));
        return http.build();
    }

}
