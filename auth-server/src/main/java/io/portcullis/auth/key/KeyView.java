package io.portcullis.auth.key;

import java.time.Instant;

/**
 * A signing key as the admin API shows it: never private material.
 *
 * @param kid its key id
 * @param algorithm its JWS algorithm
 * @param state NEXT (published, not signing yet), ACTIVE (signing), RETIRED (published for tokens it signed),
 *        EXPIRED (no longer published), WITHDRAWN (withdrawn at once; its tokens are refused)
 * @param created when it was created and published
 * @param activates when it starts signing
 * @param retires when it stops signing ({@code null}: not scheduled)
 * @param unpublishes when it leaves the JWKS ({@code null}: not scheduled)
 */
public record KeyView(String kid, String algorithm, String state, Instant created, Instant activates,
        Instant retires, Instant unpublishes) {

    static KeyView of(SigningKey key, Instant now) {
        return new KeyView(key.kid(), key.algorithm(), key.state(now), key.createdAt(), key.activatesAt(),
                key.deactivatesAt(), key.unpublishAt());
    }

}
