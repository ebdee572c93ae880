package io.portcullis.resourceserver;

import jakarta.servlet.DispatcherType;

import io.portcullis.revocation.DenyList;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.DisableEncodeUrlFilter;

/**
 * The service trusts nothing the gateway says (DESIGN.md decision 7): mutual TLS admits only configured callers by
 * SAN, every request carries exactly one bearer token in canonical form, validated here and checked against the
 * deny-list, and each endpoint requires its declared scopes.
 */
@Configuration(proxyBeanMethods = false)
class ResourceServerSecurityConfiguration {

    @Bean
    SecurityFilterChain resourceServerFilterChain(HttpSecurity http, JwtDecoder decoder,
            ResourceServerProperties properties, EndpointScopes scopes, ObjectProvider<DenyList> denyList)
            throws Exception {
        denyList.ifAvailable(
                (list) -> http.addFilterAfter(new DenyListFilter(list), BearerTokenAuthenticationFilter.class));
        http.securityMatcher((request) -> !EndpointRequest.toAnyEndpoint().matches(request))
            .addFilterBefore(new ClientCertificateFilter(properties.clients()), DisableEncodeUrlFilter.class)
            .authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                .permitAll()
                .requestMatchers(properties.publicPaths().toArray(String[]::new))
                .permitAll()
                .anyRequest()
                .access(new ScopeAuthorizationManager(scopes)))
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder))
                .bearerTokenResolver(new StrictBearerTokenResolver())
                .authenticationEntryPoint(BearerProblems.entryPoint())
                .accessDeniedHandler(BearerProblems.accessDenied()))
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(BearerProblems.entryPoint())
                .accessDeniedHandler(BearerProblems.accessDenied()))
            .addFilterBefore(new KeysUnavailableFilter(properties.keysRetryAfter()),
                    BearerTokenAuthenticationFilter.class)
            .addFilterAfter(new ClientIdFilter(), BearerTokenAuthenticationFilter.class)
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

}
