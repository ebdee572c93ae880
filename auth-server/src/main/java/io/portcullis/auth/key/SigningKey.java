package io.portcullis.auth.key;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A signing key as stored: public JWK in clear, private JWK encrypted. Published from {@code createdAt} until
 * {@code unpublishAt}; signs from {@code activatesAt} until {@code deactivatesAt} (open-ended while null).
 * {@code retiredAt} is set when an admin withdrew the key at once: the tokens it signed are refused everywhere.
 */
@Table("signing_keys")
public record SigningKey(@Id String kid, String algorithm, String publicJwk, byte[] privateKeyCiphertext, String kekId,
        Instant createdAt, Instant activatesAt, Instant deactivatesAt, Instant unpublishAt, Instant retiredAt,
        @Version Long version) {

    public SigningKey withVersion(Long version) {
        return new SigningKey(this.kid, this.algorithm, this.publicJwk, this.privateKeyCiphertext, this.kekId,
                this.createdAt, this.activatesAt, this.deactivatesAt, this.unpublishAt, this.retiredAt, version);
    }

    /** This key, set to stop signing at {@code deactivatesAt} and to leave the JWKS at {@code unpublishAt}. */
    public SigningKey retiring(Instant deactivatesAt, Instant unpublishAt) {
        return new SigningKey(this.kid, this.algorithm, this.publicJwk, this.privateKeyCiphertext, this.kekId,
                this.createdAt, this.activatesAt, deactivatesAt, unpublishAt, this.retiredAt, this.version);
    }

    /** This key, signing from {@code instant} on. */
    public SigningKey activatingAt(Instant instant) {
        return new SigningKey(this.kid, this.algorithm, this.publicJwk, this.privateKeyCiphertext, this.kekId,
                this.createdAt, instant, this.deactivatesAt, this.unpublishAt, this.retiredAt, this.version);
    }

    /** This key, withdrawn at {@code now}: it stops signing and leaves the JWKS at once. */
    public SigningKey withdrawnAt(Instant now) {
        Instant activates = this.activatesAt.isAfter(now) ? now : this.activatesAt;
        Instant deactivates = (this.deactivatesAt == null || this.deactivatesAt.isAfter(now)) ? now
                : this.deactivatesAt;
        return new SigningKey(this.kid, this.algorithm, this.publicJwk, this.privateKeyCiphertext, this.kekId,
                this.createdAt, activates, deactivates, now, now, this.version);
    }

    public boolean isPublishedAt(Instant instant) {
        return !this.createdAt.isAfter(instant) && (this.unpublishAt == null || this.unpublishAt.isAfter(instant));
    }

    public boolean isSigningAt(Instant instant) {
        return !this.activatesAt.isAfter(instant)
                && (this.deactivatesAt == null || this.deactivatesAt.isAfter(instant));
    }

    public boolean isPendingAt(Instant instant) {
        return this.activatesAt.isAfter(instant);
    }

    public String state(Instant instant) {
        if (this.retiredAt != null) {
            return "WITHDRAWN";
        }
        if (isPendingAt(instant)) {
            return "NEXT";
        }
        if (isSigningAt(instant)) {
            return "ACTIVE";
        }
        return isPublishedAt(instant) ? "RETIRED" : "EXPIRED";
    }

}
