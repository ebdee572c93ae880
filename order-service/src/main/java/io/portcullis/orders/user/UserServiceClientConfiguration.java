package io.portcullis.orders.user;

import io.portcullis.orders.order.UserLookup;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The user-service client: this service's own client-credentials token (Spring Security's OAuth2 client: fetched
 * when first needed, reused until a minute before it expires, dropped when the user-service refuses it), sent over
 * mutual TLS with this service's certificate, with bounded connect and read times to both the user-service and the
 * token endpoint. The token is the service's, never the caller's: one principal for every request.
 */
@Configuration(proxyBeanMethods = false)
class UserServiceClientConfiguration {

    private static final Authentication SERVICE = new AnonymousAuthenticationToken("order-service", "order-service",
            AuthorityUtils.createAuthorityList("ROLE_SERVICE"));

    @Bean
    UserLookup userServiceLookup(RestClient.Builder builder, ClientRegistrationRepository registrations,
            SslBundles bundles, UserServiceProperties properties) {
        ClientHttpRequestFactory requests = requestFactory(bundles, properties);
        OAuth2AuthorizedClientService tokens = new InMemoryOAuth2AuthorizedClientService(registrations);
        OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(
                authorizedClientManager(registrations, tokens, requests));
        bearer.setClientRegistrationIdResolver((request) -> properties.registration());
        bearer.setPrincipalResolver((request) -> SERVICE);
        bearer.setAuthorizationFailureHandler(OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(tokens));
        RestClient users = builder.clone()
            .baseUrl(properties.uri().toString())
            .requestFactory(requests)
            .requestInterceptor(bearer)
            .build();
        return new UserServiceLookup(users, properties.retryAfter());
    }

    private static AuthorizedClientServiceOAuth2AuthorizedClientManager authorizedClientManager(
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientService tokens,
            ClientHttpRequestFactory requests) {
        RestClientClientCredentialsTokenResponseClient tokenEndpoint = new RestClientClientCredentialsTokenResponseClient();
        tokenEndpoint.setRestClient(RestClient.builder()
            .requestFactory(requests)
            .configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
                .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
            .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
            .build());
        ClientCredentialsOAuth2AuthorizedClientProvider clientCredentials = new ClientCredentialsOAuth2AuthorizedClientProvider();
        clientCredentials.setAccessTokenResponseClient(tokenEndpoint);
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
                registrations, tokens);
        manager.setAuthorizedClientProvider(clientCredentials);
        return manager;
    }

    private static ClientHttpRequestFactory requestFactory(SslBundles bundles, UserServiceProperties properties) {
        return ClientHttpRequestFactoryBuilder.jdk()
            .build(HttpClientSettings.ofSslBundle(bundles.getBundle(properties.sslBundle()))
                .withTimeouts(properties.connectTimeout(), properties.readTimeout())
                .withRedirects(HttpRedirects.DONT_FOLLOW));
    }

}
