package io.portcullis.auth.token;

import java.time.Clock;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.auth.client.JwksUriProperties;
import io.portcullis.auth.key.KeyProperties;
import io.portcullis.auth.key.SigningKeyRing;
import io.portcullis.auth.revocation.RevocationStore;
import io.portcullis.auth.scope.ScopeCatalog;
import io.portcullis.auth.system.TokenProperties;
import io.portcullis.token.SigningAlgorithm;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;

@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    static final Set<String> OAUTH_ENDPOINTS = Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke");

    @Bean
    AuthorizationServerSettings authorizationServerSettings(TokenProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
    }

    @Bean
    TokenScopePolicy tokenScopePolicy(ScopeCatalog catalog) {
        return new TokenScopePolicy(catalog);
    }

    @Bean
    JwtGenerator accessTokenGenerator(SigningKeyRing keys, TokenScopePolicy policy, TokenProperties properties) {
        JwtGenerator generator = new JwtGenerator(new NimbusJwtEncoder(keys));
        generator.setJwtCustomizer(new AccessTokenCustomizer(keys, policy, properties.maxTimeToLive()));
        return generator;
    }

    @Bean
    StatelessAuthorizationService statelessAuthorizationService(SigningKeyRing keys, TokenProperties properties,
            TokenStanding standing, RevocationStore revocations) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
            .jwsAlgorithms((algorithms) -> {
                for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
                    algorithms.add(algorithm.signature());
                }
            })
            .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new JwtIssuerValidator(properties.issuer().toString()), new JwtTypeValidator(AccessTokenCustomizer.TOKEN_TYPE)));
        return new StatelessAuthorizationService(decoder, standing, revocations);
    }

    @Bean
    TokenResponses tokenResponses(MeterRegistry registry, RegisteredClientRepository clients) {
        return new TokenResponses(registry, clients);
    }

    @Bean
    ClientAssertionJtiStore clientAssertionJtiStore(JdbcTemplate jdbc) {
        return new ClientAssertionJtiStore(jdbc);
    }

    @Bean
    ClientAssertionJtiPurge clientAssertionJtiPurge(ClientAssertionJtiStore store, Clock clock) {
        return new ClientAssertionJtiPurge(store, clock);
    }

    @Bean
    RemoteJwkSets remoteJwkSets(JwksUriProperties settings) {
        return new RemoteJwkSets(settings);
    }

    @Bean
    ClientAssertionDecoderFactory clientAssertionDecoderFactory(ClientAssertionJtiStore jtis, RemoteJwkSets remote,
            JwksUriProperties settings, Clock clock) {
        return new ClientAssertionDecoderFactory(jtis, remote, settings, clock);
    }

    @Bean
    FilterRegistrationBean<TokenRequestGuardFilter> tokenRequestGuardFilter(TokenProperties properties) {
        FilterRegistrationBean<TokenRequestGuardFilter> registration = new FilterRegistrationBean<>(
                new TokenRequestGuardFilter(OAUTH_ENDPOINTS, properties.maxRequestBytes()));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 30);
        return registration;
    }

    @Bean
    FilterRegistrationBean<UnofferedEndpointsFilter> unofferedEndpointsFilter() {
        FilterRegistrationBean<UnofferedEndpointsFilter> registration = new FilterRegistrationBean<>(
                new UnofferedEndpointsFilter());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 30);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AuthorizationServerMetadataFilter> authorizationServerMetadataFilter(
            TokenProperties tokens, KeyProperties keys) {
        FilterRegistrationBean<AuthorizationServerMetadataFilter> registration = new FilterRegistrationBean<>(
                new AuthorizationServerMetadataFilter(tokens.issuer().toString(), keys.algorithm()));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 30);
        return registration;
    }

}
