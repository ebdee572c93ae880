package io.portcullis.resourceserver;

import java.io.IOException;
import java.security.cert.X509Certificate;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Actuator lives on the management port, which asks for a client certificate without requiring one: the probes
 * answer anyone (kubelet presents none) with a bare status; every other endpoint (metrics name client ids) needs a
 * certificate of the platform CA, the only CA the TLS handshake accepts.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

    @Bean
    SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
            .authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
                .permitAll()
                .anyRequest()
                .access((authentication, context) -> new AuthorizationDecision(
                        context.getRequest()
                            .getAttribute(CallerIdentity.CERTIFICATES) instanceof X509Certificate[] chain
                                && chain.length > 0)))
            .exceptionHandling((exceptions) -> exceptions
                .authenticationEntryPoint((request, response, ex) -> certificateRequired(response))
                .accessDeniedHandler((request, response, ex) -> certificateRequired(response)))
            .sessionManagement((sessions) -> sessions
                .sessionCreationPolicy(org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

    private static void certificateRequired(HttpServletResponse response) throws IOException {
        ProblemResponses.write(response, HttpStatus.FORBIDDEN, "A client certificate of the platform CA is required",
                null);
    }

}
