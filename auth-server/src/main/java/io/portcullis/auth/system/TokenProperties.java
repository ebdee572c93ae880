package io.portcullis.auth.system;

import java.net.URI;
import java.time.Duration;

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
 * @param issuer the {@code iss} of every token and the base of the metadata; an https URL without query or fragment
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

    @AssertTrue(message = "portcullis.token.issuer must be an absolute https or http URL without query or fragment")
    public boolean isIssuerValid() {
        return this.issuer == null || (this.issuer.isAbsolute()
                && ("https".equals(this.issuer.getScheme()) || "http".equals(this.issuer.getScheme()))
                && this.issuer.getRawQuery() == null && this.issuer.getRawFragment() == null);
    }

    @AssertTrue(message = "portcullis.token.default-time-to-live must lie between 30s and max-time-to-live")
    public boolean isDefaultTimeToLiveInRange() {
        return this.defaultTimeToLive == null || this.maxTimeToLive == null
                || (this.defaultTimeToLive.toSeconds() >= 30 && this.defaultTimeToLive.compareTo(this.maxTimeToLive) <= 0);
    }

    /** The issuer as it appears in tokens: without a trailing slash. */
    public String issuerValue() {
        String value = this.issuer.toString();
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

}
