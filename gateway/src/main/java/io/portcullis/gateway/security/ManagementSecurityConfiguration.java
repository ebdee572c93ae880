package io.portcullis.gateway.security;

import java.security.cert.X509Certificate;

import reactor.core.publisher.Mono;

import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * The management port: the health probes stay open (kubelet presents no certificate, and they answer only a
 * status); every other endpoint — metrics name client ids, {@code gateway} lists the routes — needs a client
 * certificate of the platform CA. The port asks for one ({@code management.server.ssl.client-auth: want}) and
 * the TLS handshake refuses a certificate of any other CA, so a certificate the request carries is the platform's.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

    /**
     * management.endpoints.web.base-path. Everything below it, not only what EndpointRequest knows: the gateway's
     * own actuator endpoint ({@code /actuator/gateway/routes}) is not one of its endpoints. The public port serves
     * nothing there.
     */
    private static final String BASE_PATH = "/actuator";

    @Bean
    @Order(1)
    SecurityWebFilterChain managementFilterChain(ServerHttpSecurity http) {
        http.securityMatcher((exchange) -> exchange.getRequest().getPath().value().startsWith(BASE_PATH)
                ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch())
            .authorizeExchange((exchanges) -> exchanges.matchers(EndpointRequest.to("health"))
                .permitAll()
                .anyExchange()
                .access((authentication, context) -> Mono
                    .just(new AuthorizationDecision(hasClientCertificate(context.getExchange())))))
            .exceptionHandling((exceptions) -> exceptions
                .authenticationEntryPoint((exchange, ex) -> certificateRequired(exchange))
                .accessDeniedHandler((exchange, ex) -> certificateRequired(exchange)))
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
            .csrf((csrf) -> csrf.disable())
            .httpBasic((basic) -> basic.disable())
            .formLogin((form) -> form.disable())
            .logout((logout) -> logout.disable());
        return http.build();
    }

    private static boolean hasClientCertificate(ServerWebExchange exchange) {
        SslInfo tls = exchange.getRequest().getSslInfo();
        X509Certificate[] chain = (tls != null) ? tls.getPeerCertificates() : null;
        return chain != null && chain.length > 0;
    }

    private static Mono<Void> certificateRequired(ServerWebExchange exchange) {
        return EdgeProblems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, null,
                "A client certificate of the platform CA is required");
    }

}
