package io.portcullis.auth.token;

import io.portcullis.auth.system.FilterChainOrder;
import io.portcullis.auth.system.OAuth2ErrorResponses;
import io.portcullis.auth.system.TokenProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The OAuth 2.0 endpoints of Spring Authorization Server, narrowed to what Portcullis offers: the
 * client_credentials grant only, our scope and resource policy, tokens without storage, and RFC 6749 errors.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    @Bean
    @Order(FilterChainOrder.AUTHORIZATION_SERVER)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, RegisteredClientRepository clients,
            StatelessAuthorizationService authorizations, JwtGenerator tokens, TokenScopePolicy policy,
            TokenResponses responses, ClientAssertionDecoderFactory assertions, TokenProperties properties)
            throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(server.getEndpointsMatcher())
            .with(server, (config) -> config.registeredClientRepository(clients)
                .authorizationService(authorizations)
                .tokenGenerator(tokens)
                .clientAuthentication((authentication) -> authentication.errorResponseHandler(responses.refused())
                    .authenticationProviders((providers) -> providers.forEach((provider) -> {
                        if (provider instanceof JwtClientAssertionAuthenticationProvider assertion) {
                            assertion.setJwtDecoderFactory(assertions);
                        }
                    })))
                .tokenEndpoint((endpoint) -> endpoint
                    .accessTokenRequestConverters((converters) -> {
                        converters.clear();
                        converters.add(new ClientCredentialsRequestConverter(policy));
                    })
                    .authenticationProviders((providers) -> {
                        providers.removeIf((p) -> !(p instanceof OAuth2ClientCredentialsAuthenticationProvider));
                        providers.forEach((p) -> ((OAuth2ClientCredentialsAuthenticationProvider) p)
                            .setAuthenticationValidator(policy));
                    })
                    .accessTokenResponseHandler(responses.issued())
                    .errorResponseHandler(responses.refused()))
                .tokenIntrospectionEndpoint((endpoint) -> endpoint
                    .authenticationProviders((providers) -> providers.replaceAll((p) ->
                            (p instanceof OAuth2TokenIntrospectionAuthenticationProvider)
                                    ? new TokenIntrospectionPolicy(p, properties.introspectionScope()) : p))
                    .errorResponseHandler(responses.refused()))
                .tokenRevocationEndpoint((endpoint) -> endpoint
                    .authenticationProviders((providers) -> {
                        providers.clear();
                        providers.add(new TokenRevocationPolicy(authorizations, properties.revocationScope()));
                    })
                    .errorResponseHandler(responses.refused())))
            .authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable())
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"portcullis\", charset=\"UTF-8\"");
                OAuth2ErrorResponses.write(response, 401, "invalid_client", "Client authentication is required");
            }));
        return http.build();
    }

}
