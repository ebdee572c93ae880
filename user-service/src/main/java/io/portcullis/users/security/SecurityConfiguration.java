package io.portcullis.users.security;

import java.time.Clock;

import jakarta.servlet.DispatcherType;

import io.portcullis.revocation.DenyList;
import io.portcullis.token.AccessTokenValidation;
import io.portcullis.token.TokenValidationProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.DisableEncodeUrlFilter;

/**
 * The service trusts nothing the gateway says (DESIGN.md decision 7): mutual TLS admits only configured client
 * identities, every request carries a bearer token validated here, and each endpoint requires its scope.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenValidationProperties.class)
class SecurityConfiguration {

    @Bean
    JwtDecoder accessTokenDecoder(TokenValidationProperties properties, SslBundles bundles) {
        JwtDecoder decoder = AccessTokenValidation.create(properties,
                bundles.getBundle(properties.sslBundle()).createSslContext());
        return (properties.cacheSize() > 0)
                ? new ValidatedTokenCache(decoder, properties.cacheSize(), properties.clockSkew(), Clock.systemUTC())
                : decoder;
    }

    @Bean
    SecurityFilterChain apiFilterChain(HttpSecurity http, JwtDecoder decoder, MutualTlsProperties mtls,
            ObjectProvider<DenyList> denyList) throws Exception {
        denyList.ifAvailable((list) -> http.addFilterAfter(new DenyListFilter(list),
                BearerTokenAuthenticationFilter.class));
        http.securityMatcher((request) -> !EndpointRequest.toAnyEndpoint().matches(request))
            .addFilterBefore(new ClientCertificateFilter(mtls.allowedClients()), DisableEncodeUrlFilter.class)
            .authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                .permitAll()
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**")
                .permitAll()
                .requestMatchers(HttpMethod.GET, "/users", "/users/*")
                .hasAuthority("SCOPE_" + EndpointScopes.READ)
                .requestMatchers(HttpMethod.POST, "/users")
                .hasAuthority("SCOPE_" + EndpointScopes.WRITE)
                .requestMatchers(HttpMethod.PUT, "/users/*")
                .hasAuthority("SCOPE_" + EndpointScopes.WRITE)
                .requestMatchers(HttpMethod.PATCH, "/users/*")
                .hasAuthority("SCOPE_" + EndpointScopes.WRITE)
                .requestMatchers(HttpMethod.DELETE, "/users/*")
                .hasAuthority("SCOPE_" + EndpointScopes.WRITE)
                .anyRequest()
                .denyAll())
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder))
                .authenticationEntryPoint(BearerProblems.entryPoint())
                .accessDeniedHandler(BearerProblems.accessDenied()))
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(BearerProblems.entryPoint())
                .accessDeniedHandler(BearerProblems.accessDenied()))
            .addFilterBefore(new KeysUnavailableFilter(), BearerTokenAuthenticationFilter.class)
            .addFilterAfter(new ClientIdLoggingFilter(), BearerTokenAuthenticationFilter.class)
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

    /** Actuator lives on the management port, which does not ask for client certificates (probes, scrapers). */
    @Bean
    SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

}
