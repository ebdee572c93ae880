package io.portcullis.revocation;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code portcullis.feed}: off unless {@code enabled}; a service that follows the feed refuses
 * tokens its deny-list names. Bound and validated only where the feed is enabled: a missing address or credential
 * then refuses startup.
 *
 * @param enabled whether to follow the feed
 * @param uri the feed's base URI, e.g. {@code https://auth-server:9443/feed/v1}
 * @param tokenUri the auth-server's token endpoint
 * @param clientId a client holding {@code security.feed}
 * @param clientSecret its secret
 * @param sslBundle the SSL bundle presented to the auth-server (and whose CA is trusted)
 */
@Validated
@ConfigurationProperties("portcullis.feed")
public record FeedProperties(@DefaultValue("false") boolean enabled, @NotBlank String uri, @NotBlank String tokenUri,
        @NotBlank String clientId, @NotBlank String clientSecret, @DefaultValue("server") @NotBlank String sslBundle) {

    /** Where and as whom to follow the feed, for a follower outside Spring's binding (tests, tools). */
    public static FeedProperties of(String uri, String tokenUri, String clientId, String clientSecret) {
        return new FeedProperties(true, uri, tokenUri, clientId, clientSecret, "server");
    }

}
