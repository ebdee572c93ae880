package io.portcullis.revocation;

/**
 * Where and as whom to follow the security feed.
 *
 * @param feedUri the feed's base URI, e.g. {@code https://auth-server:9443/feed/v1}
 * @param tokenUri the auth-server's token endpoint
 * @param clientId a client holding {@code security.feed}
 * @param clientSecret its secret
 */
public record FeedSettings(String feedUri, String tokenUri, String clientId, String clientSecret) {

}
