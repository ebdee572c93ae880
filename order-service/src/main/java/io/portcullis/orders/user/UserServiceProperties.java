package io.portcullis.orders.user;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this service reaches the user-service.
 *
 * @param uri the user-service's base URI (in Kubernetes its Service, which balances over the instances)
 * @param registration the {@code spring.security.oauth2.client.registration} this service's token comes from
 * @param sslBundle the SSL bundle whose certificate is presented (mutual TLS) and whose CA is trusted, to the
 * user-service and to the auth-server's token endpoint
 * @param connectTimeout the most a connection may take to open
 * @param readTimeout the most an answer may take once asked (the user-service, and the token endpoint)
 * @param retryAfter what an order refused because the user-service could not answer tells its client to wait
 */
@Validated
@ConfigurationProperties("portcullis.user-service")
record UserServiceProperties(@NotNull URI uri, @DefaultValue("user-service") @NotBlank String registration,
        @DefaultValue("server") @NotBlank String sslBundle, @DefaultValue("1s") @NotNull Duration connectTimeout,
        @DefaultValue("2s") @NotNull Duration readTimeout, @DefaultValue("2s") @NotNull Duration retryAfter) {

}
