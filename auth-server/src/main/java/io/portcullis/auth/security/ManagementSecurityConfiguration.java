package io.portcullis.auth.security;

import java.security.cert.X509Certificate;

import io.portcullis.auth.system.FilterChainOrder;
import io.portcullis.auth.system.ProblemResponses;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The management port: the health probes stay open (kubelet presents no certificate, and they answer only a
 * status), every other endpoint — metrics and Prometheus name client ids — needs a client certificate of the
 * platform CA. The port asks for one ({@code management.server.ssl.client-auth: want}) and the TLS handshake
 * already refuses a certificate of any other CA, so a certificate the request carries is one of the platform's.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

    private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    @Bean
    @Order(FilterChainOrder.MANAGEMENT)
    SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
                .permitAll()
                .anyRequest()
                .access((authentication, context) -> new AuthorizationDecision(
                        context.getRequest().getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain
                                && chain.length > 0)))
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable())
            .exceptionHandling((exceptions) -> exceptions
                .authenticationEntryPoint((request, response, ex) -> ProblemResponses.write(response,
                        HttpStatus.FORBIDDEN, "A client certificate of the platform CA is required"))
                .accessDeniedHandler((request, response, ex) -> ProblemResponses.write(response,
                        HttpStatus.FORBIDDEN, "A client certificate of the platform CA is required")));
        return http.build();
    }

}
