package io.portcullis.auth.feed;

import java.time.Instant;

/**
 * One security-relevant change, as the feed publishes it: {@code TOKEN_REVOKED} (jti, until expiresAt),
 * {@code CLIENT_CREATED} (a new life of the client id from effectiveAt: tokens issued before its second are of an
 * earlier client), {@code CLIENT_DISABLED}, {@code CLIENT_ENABLED}, {@code CLIENT_DELETED},
 * {@code CLIENT_TOKENS_REVOKED} (tokens issued before effectiveAt), {@code SCOPE_REMOVED}, {@code SCOPE_GRANTED},
 * {@code KEY_RETIRED} (kid: every token it signed is refused).
 */
public record SecurityEvent(long id, String type, String clientId, String jti, String scope, String kid,
        Instant effectiveAt, Instant expiresAt) {

}
