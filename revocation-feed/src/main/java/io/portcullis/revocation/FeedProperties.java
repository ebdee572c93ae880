package io.portcullis.revocation;

/**
 * Settings under {@code portcullis.feed}: off unless {@code enabled}; a service that follows the feed refuses
 * tokens its deny-list names.
 *
 * @param enabled whether to follow the feed
 * @param uri the feed's base URI
 * @param tokenUri the auth-server's token endpoint
 * @param clientId a client holding {@code security.feed}
 * @param clientSecret its secret
 * @param sslBundle the SSL bundle presented to the auth-server (and whose CA is trusted)
 */
public record FeedProperties(boolean enabled, String uri, String tokenUri, String clientId, String clientSecret,
        String sslBundle) {

    public FeedSettings settings() {
        return new FeedSettings(this.uri, this.tokenUri, this.clientId, this.clientSecret);
    }

}
