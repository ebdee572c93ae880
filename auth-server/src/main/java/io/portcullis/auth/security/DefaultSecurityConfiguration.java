package io.portcullis.auth.security;

import java.time.Clock;

import io.portcullis.auth.client.ClientProperties;
import io.portcullis.auth.system.FilterChainOrder;
import io.portcullis.auth.system.ProblemResponses;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Everything that is not an OAuth endpoint, the admin API, the feed or Actuator (the management port,
 * {@link ManagementSecurityConfiguration}): refused until a feature opens it.
 */
@Configuration(proxyBeanMethods = false)
class DefaultSecurityConfiguration {

    @Bean
    @Order(FilterChainOrder.DEFAULT)
    SecurityFilterChain defaultFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
            .permitAll()
            .anyRequest()
            .denyAll())
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable())
            .exceptionHandling((exceptions) -> exceptions
                .authenticationEntryPoint((request, response, ex) -> ProblemResponses.write(response,
                        HttpStatus.UNAUTHORIZED, "Authentication is required"))
                .accessDeniedHandler((request, response, ex) -> ProblemResponses.write(response,
                        HttpStatus.FORBIDDEN, "Access is denied")));
        return http.build();
    }

    @Bean
    FailedAuthenticationThrottle failedAuthenticationThrottle(ClientProperties properties, Clock clock) {
        return new FailedAuthenticationThrottle(properties.throttle(), clock);
    }

    @Bean
    FilterRegistrationBean<FailedAuthenticationThrottleFilter> failedAuthenticationThrottleFilter(
            FailedAuthenticationThrottle throttle) {
        FilterRegistrationBean<FailedAuthenticationThrottleFilter> registration = new FilterRegistrationBean<>(
                new FailedAuthenticationThrottleFilter(
                        java.util.Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke"), throttle));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 20);
        return registration;
    }

}
