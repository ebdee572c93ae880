package io.portcullis.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * RFC 7523 §3: a client assertion carries a {@code jti} and a short lifetime, and is used once. Runs after the
 * standard checks ({@code delegate}: iss, sub, aud, exp, nbf) pass, then refuses an {@code iat} in the future, an
 * {@code exp} further than {@link #MAX_LIFETIME} from now (whatever {@code iat} says), and a {@code jti} this client
 * used before on any instance: each is kept in PostgreSQL until the assertion's {@code exp} plus the clock skew.
 */
final class ClientAssertionReplayValidator implements OAuth2TokenValidator<Jwt> {

    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    /** The skew Spring Security's timestamp validator allows on {@code exp}; the same applies here. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final int MAX_JTI_LENGTH = 256;

    private static final Logger logger = LoggerFactory.getLogger(ClientAssertionReplayValidator.class);

    private final OAuth2TokenValidator<Jwt> delegate;

    private final String clientId;

    private final ClientAssertionJtiStore store;

    private final Clock clock;

    ClientAssertionReplayValidator(OAuth2TokenValidator<Jwt> delegate, String clientId, ClientAssertionJtiStore store,
            Clock clock) {
        this.delegate = delegate;
        this.clientId = clientId;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt assertion) {
        OAuth2TokenValidatorResult standard = this.delegate.validate(assertion);
        if (standard.hasErrors()) {
            return standard;
        }
        if (assertion.getId() == null || assertion.getExpiresAt() == null) {
            return failure("The client assertion must carry jti and exp");
        }
        if (assertion.getId().isEmpty() || assertion.getId().length() > MAX_JTI_LENGTH) {
            return failure("The client assertion's jti must hold 1 to " + MAX_JTI_LENGTH + " characters");
        }
        Instant now = this.clock.instant();
        if (assertion.getIssuedAt() != null && assertion.getIssuedAt().isAfter(now.plus(CLOCK_SKEW))) {
            return failure("The client assertion is issued in the future");
        }
        if (assertion.getExpiresAt().isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            return failure("The client assertion must expire within " + MAX_LIFETIME.toMinutes() + " minutes");
        }
        try {
            if (!this.store.firstUse(this.clientId, assertion.getId(), assertion.getExpiresAt().plus(CLOCK_SKEW))) {
                return failure("The client assertion was used before");
            }
        }
        catch (DataAccessException ex) {
            // fail closed: without the shared memory a replay could not be told from a first use
            logger.warn("Cannot record a client assertion's jti: {}", ex.getMostSpecificCause().getMessage());
            return failure("The client assertion cannot be checked now");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
    }

}
