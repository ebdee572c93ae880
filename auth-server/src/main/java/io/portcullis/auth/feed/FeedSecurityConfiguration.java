package io.portcullis.auth.feed;

import java.util.List;

import io.portcullis.auth.key.SigningKeyRing;
import io.portcullis.auth.system.ProblemResponses;
import io.portcullis.auth.token.TokenProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/** The feed is read with this server's own access tokens: audience = the issuer, scope {@code security.feed}. */
@Configuration(proxyBeanMethods = false)
class FeedSecurityConfiguration {

    static final String SCOPE = "security.feed";

    @Bean
    @Order(2)
    SecurityFilterChain feedFilterChain(HttpSecurity http, SigningKeyRing keys, TokenProperties tokens)
            throws Exception {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
            .jwsAlgorithms((algorithms) -> List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
                    "ES384").forEach((name) -> algorithms.add(SignatureAlgorithm.from(name))))
            .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTypeValidator("at+jwt"),
                new JwtTimestampValidator(), new JwtIssuerValidator(tokens.issuerValue()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        (audience) -> audience != null && audience.contains(tokens.issuerValue()))));
        http.securityMatcher("/feed/**")
            .authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCOPE_" + SCOPE))
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder))
                .authenticationEntryPoint((request, response, ex) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                    ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "A valid access token is required");
                })
                .accessDeniedHandler((request, response, ex) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer error=\"insufficient_scope\", scope=\"" + SCOPE + "\"");
                    ProblemResponses.write(response, HttpStatus.FORBIDDEN, "The access token lacks scope " + SCOPE);
                }))
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

}
