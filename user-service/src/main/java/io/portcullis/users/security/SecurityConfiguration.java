package io.portcullis.users.security;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

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
import org.springframework.security.authorization.AuthorizationDecision;
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

    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

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

    /**
     * Actuator lives on the management port, which asks for a client certificate without requiring one: the probes
     * answer anyone (kubelet presents none) with a bare status; every other endpoint (metrics name client ids)
     * needs a certificate of the platform CA, the only CA the TLS handshake accepts.
     */
    @Bean
    SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
                .permitAll()
                .anyRequest()
                .access((authentication, context) -> new AuthorizationDecision(
                        context.getRequest().getAttribute(CERTIFICATES) instanceof X509Certificate[] chain
                                && chain.length > 0)))
            .exceptionHandling((exceptions) -> exceptions
                .authenticationEntryPoint((request, response, ex) -> certificateRequired(response))
                .accessDeniedHandler((request, response, ex) -> certificateRequired(response)))
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

    private static void certificateRequired(HttpServletResponse response) throws IOException {
        BearerProblems.write(response, HttpServletResponse.SC_FORBIDDEN, null, "Forbidden",
                "A client certificate of the platform CA is required");
    }

}
