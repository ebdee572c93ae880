package io.portcullis.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a consumer (gateway or service) validates access tokens (DESIGN.md decision 7).
 *
 * @param issuer the {@code iss} tokens must carry, normalised by {@link Issuers} (a trailing slash is dropped)
 * @param audience this service's resource URI, which {@code aud} must contain
 * @param additionalAudiences further resource URIs {@code aud} may contain instead of {@code audience}: the
 * gateway's, which fronts every resource service (each service still requires its own)
 * @param jwksUri the auth-server's JWKS, fetched over (mutual) TLS
 * @param algorithms the JWS algorithms accepted, names of {@link SigningAlgorithm}; anything else, {@code none} and
 * HMAC included, is refused
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}; at most {@link #MAX_CLOCK_SKEW}, for which
 * the platform remembers a revoked token past its {@code exp} (the feed's deny-lists and the auth-server's purge): a
 * larger tolerance would accept a revoked token again in the time between the two
 * @param jwksCacheTimeToLive how long a fetched JWKS is used before it is fetched again
 * @param jwksMinRefetchInterval the least time between two fetches triggered by an unknown {@code kid}
 * @param sslBundle the SSL bundle whose certificate is presented to the auth-server and whose CA is trusted
 * @param cacheSize how many validated tokens are remembered until their {@code exp}; 0 turns the cache off
 */
@Validated
@ConfigurationProperties("portcullis.token")
public record TokenValidationProperties(@NotNull URI issuer, @NotBlank String audience, @NotNull URI jwksUri,
        @DefaultValue({ "RS256", "ES256" }) @NotEmpty List<String> algorithms,
        @DefaultValue("30s") @NotNull Duration clockSkew, @DefaultValue("10m") @NotNull Duration jwksCacheTimeToLive,
        @DefaultValue("30s") @NotNull Duration jwksMinRefetchInterval, @DefaultValue("server") String sslBundle,
        @DefaultValue("10000") @Min(0) int cacheSize, @DefaultValue List<String> additionalAudiences) {

    /** How long past its {@code exp} a revocation is remembered across the platform, and so the largest skew. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    public TokenValidationProperties {
        issuer = (issuer != null) ? Issuers.normalise(issuer) : null;
        if (clockSkew != null && (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0)) {
            throw new IllegalArgumentException("portcullis.token.clock-skew must be between 0 and "
                    + MAX_CLOCK_SKEW.toSeconds() + "s, as long as a revoked token is remembered after its exp (was "
                    + clockSkew + ")");
        }
        if (algorithms != null && !algorithms.stream().allMatch(SigningAlgorithm::isName)) {
            throw new IllegalArgumentException("portcullis.token.algorithms must name only " + SigningAlgorithm.NAMES
                    + " (was " + algorithms + ")");
        }
    }

}
