package io.portcullis.auth.feed;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a consumer needs to start denying correctly, as of event {@code last}: then it follows the events
 * after it. Revoked tokens are listed only until they expire; retired keys are the kids of keys withdrawn at once.
 * Deleted clients (not created again) and the creation of clients that may have had an earlier life under the same
 * id are listed only while a token of that earlier life could still be unexpired (the longest token lifetime).
 */
public record SecurityFeedSnapshot(long last, List<RevokedToken> revokedTokens, List<String> disabledClients,
        Map<String, Instant> revokedBefore, Map<String, List<String>> clientScopes, List<String> retiredKeys,
        List<String> deletedClients, Map<String, Instant> createdAt) {

    public record RevokedToken(String jti, String clientId, Instant expiresAt) {
    }

}
