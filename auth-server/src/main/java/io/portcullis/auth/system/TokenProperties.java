package io.portcullis.auth.system;

import java.net.URI;
import java.time.Duration;

import io.portcullis.token.Issuers;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token endpoint settings.
 *
 * @param issuer the {@code iss} of every token and the base of the metadata; an https URL without query or fragment,
 * normalised by {@link Issuers} (without a trailing slash)
 * @param defaultTimeToLive lifetime of access tokens of clients created without one
 * @param maxTimeToLive the longest lifetime a client may be given; retired keys stay published this long
 * @param introspectionScope a client holding this scope may introspect any token, not only its own
 * @param revocationScope a client holding this scope may revoke any token, not only its own
 * @param maxRequestBytes the largest body accepted on the token, introspection and revocation endpoints
 */
@Validated
@ConfigurationProperties("portcullis.token")
public record TokenProperties(@NotNull URI issuer, @DefaultValue("5m") @NotNull Duration defaultTimeToLive,
        @DefaultValue("1h") @NotNull Duration maxTimeToLive,
        @DefaultValue("tokens.introspect") @NotBlank String introspectionScope,
        @DefaultValue("tokens.revoke") @NotBlank String revocationScope,
        @DefaultValue("8192") @Min(1024) int maxRequestBytes) {

    public TokenProperties {
        // the one rule, shared with every consumer: refused at startup with its message, without a trailing slash
        issuer = (issuer != null) ? Issuers.normalise(issuer) : null;
    }

    @AssertTrue(message = "portcullis.token.default-time-to-live must lie between 30s and max-time-to-live")
    public boolean isDefaultTimeToLiveInRange() {
        return this.defaultTimeToLive == null || this.maxTimeToLive == null
                || (this.defaultTimeToLive.toSeconds() >= 30 && this.defaultTimeToLive.compareTo(this.maxTimeToLive) <= 0);
    }

}
