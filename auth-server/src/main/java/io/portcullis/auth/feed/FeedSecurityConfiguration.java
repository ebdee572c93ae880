package io.portcullis.auth.feed;

import io.portcullis.auth.security.BearerTokenProblems;
import io.portcullis.auth.security.OwnAccessTokenDecoder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/** The feed is read with this server's own access tokens: audience = the issuer, scope {@code security.feed}. */
@Configuration(proxyBeanMethods = false)
class FeedSecurityConfiguration {

    static final String SCOPE = "security.feed";

    @Bean
    @Order(2)
    SecurityFilterChain feedFilterChain(HttpSecurity http, OwnAccessTokenDecoder decoder) throws Exception {
        http.securityMatcher("/feed/**")
            .authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCOPE_" + SCOPE))
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder))
                .authenticationEntryPoint(BearerTokenProblems.unauthorized())
                .accessDeniedHandler(BearerTokenProblems.insufficientScope(SCOPE)))
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

}
