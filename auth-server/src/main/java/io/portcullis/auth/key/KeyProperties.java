package io.portcullis.auth.key;

import java.time.Duration;

import io.portcullis.token.SigningAlgorithm;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signing key settings.
 *
 * @param encryptionKey base64 AES-256 key-encryption key that protects private keys at rest
 * @param algorithm JWS algorithm of new keys: RS256 (default), RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512
 * @param rotationPeriod how long a key signs before its successor takes over
 * @param publishAhead how long a new key is published in the JWKS before it signs anything
 * @param jwksMaxAge the {@code Cache-Control: max-age} of the JWKS document
 * @param refreshInterval how often each instance reloads keys and checks whether rotation is due
 */
@Validated
@ConfigurationProperties("portcullis.keys")
public record KeyProperties(@NotBlank String encryptionKey, @DefaultValue("RS256") @NotNull SigningAlgorithm algorithm,
        @DefaultValue("30d") @NotNull Duration rotationPeriod, @DefaultValue("1h") @NotNull Duration publishAhead,
        @DefaultValue("10m") @NotNull Duration jwksMaxAge, @DefaultValue("30s") @NotNull Duration refreshInterval) {

    /** A verifier that cached the JWKS just before the next key appeared must have refetched before it signs. */
    @AssertTrue(message = "portcullis.keys.publish-ahead must exceed jwks-max-age plus refresh-interval")
    public boolean isPublishAheadLongEnough() {
        return this.publishAhead == null || this.jwksMaxAge == null || this.refreshInterval == null
                || this.publishAhead.compareTo(this.jwksMaxAge.plus(this.refreshInterval)) > 0;
    }

    @AssertTrue(message = "portcullis.keys.rotation-period must exceed publish-ahead")
    public boolean isRotationPeriodLongEnough() {
        return this.rotationPeriod == null || this.publishAhead == null
                || this.rotationPeriod.compareTo(this.publishAhead) > 0;
    }

}
