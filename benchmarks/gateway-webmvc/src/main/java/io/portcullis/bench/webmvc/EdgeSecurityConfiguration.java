package io.portcullis.bench.webmvc;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The token checks of our token-validation module (AccessTokenValidation, ValidatedTokens), restated here because
 * this project builds alone: signature against the auth-server's JWKS fetched over mutual TLS (cached), RS256/ES256,
 * typ at+jwt, exact iss, aud containing a resource the edge fronts, exp/nbf with skew; a validated token is
 * remembered until its exp. Then scope per method on /api/users, as our RequiredScope filter does.
 */
@Configuration(proxyBeanMethods = false)
class EdgeSecurityConfiguration {

    @Bean
    JwtDecoder accessTokenDecoder(SslBundles bundles, @Value("${portcullis.token.issuer}") URI issuer,
            @Value("${portcullis.token.jwks-uri}") URI jwksUri,
            @Value("${portcullis.token.audiences}") List<String> audiences,
            @Value("${portcullis.token.clock-skew:30s}") Duration skew,
            @Value("${portcullis.token.cache-size:10000}") int cacheSize) throws MalformedURLException {
        SSLContext tls = bundles.getBundle("server").createSslContext();
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(5_000, 5_000, 256 * 1024, true,
                tls.getSocketFactory());
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri.toURL(), retriever)
            .cache(Duration.ofMinutes(10).toMillis(), 5_000)
            .rateLimited(Duration.ofSeconds(30).toMillis())
            .outageTolerantForever()
            .refreshAheadCache(false)
            .build();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
            .jwsAlgorithms((algorithms) -> {
                algorithms.add(SignatureAlgorithm.RS256);
                algorithms.add(SignatureAlgorithm.ES256);
            })
            .build();
        String expectedIssuer = issuer.toString().replaceAll("/$", "");
        List<OAuth2TokenValidator<Jwt>> validators = List.of(new JwtTypeValidator("at+jwt"),
                new JwtTimestampValidator(skew), new JwtIssuerValidator(expectedIssuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        (audience) -> audience != null && audiences.stream().anyMatch(audience::contains)),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        if (cacheSize <= 0) {
            return decoder;
        }
        Cache<String, Jwt> validated = Caffeine.newBuilder()
            .maximumSize(cacheSize)
            .expireAfter(Expiry.<String, Jwt>creating(
                    (token, jwt) -> Duration.between(Instant.now(), jwt.getExpiresAt().plus(skew))))
            .build();
        return (token) -> {
            Jwt cached = validated.getIfPresent(token);
            if (cached != null) {
                if (cached.getExpiresAt().plus(skew).isAfter(Instant.now())) {
                    return cached;
                }
                validated.invalidate(token);
                throw new BadJwtException("Expired");
            }
            Jwt jwt = decoder.decode(token);
            validated.put(token, jwt);
            return jwt;
        };
    }

    /** The management port (health for run.sh, prometheus): open, as it is loopback-only in the benchmark. */
    @Bean
    @Order(1)
    SecurityFilterChain managementFilterChain(HttpSecurity http) {
        http.securityMatcher("/actuator/**")
            .authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

    @Bean
    SecurityFilterChain edgeFilterChain(HttpSecurity http, JwtDecoder decoder) {
        String[] users = { "/api/users", "/api/users/**" };
        http.authorizeHttpRequests((requests) -> requests
            .requestMatchers(HttpMethod.GET, users).hasAuthority("SCOPE_users.read")
            .requestMatchers(HttpMethod.HEAD, users).hasAuthority("SCOPE_users.read")
            .requestMatchers(HttpMethod.OPTIONS, users).hasAuthority("SCOPE_users.read")
            .requestMatchers(users).hasAuthority("SCOPE_users.write")
            .anyRequest().authenticated())
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder)))
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable())
            .httpBasic((basic) -> basic.disable())
            .formLogin((form) -> form.disable())
            .logout((logout) -> logout.disable());
        return http.build();
    }

}
