package io.portcullis.token;

import java.net.MalformedURLException;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The access token rules of every Portcullis consumer (DESIGN.md decision 7), for servlet and reactive decoders
 * alike: signature against the auth-server's JWKS (cached, refetched on an unknown
 * {@code kid} at most once per interval, and kept when the auth-server is unreachable), an algorithm allow-list,
 * {@code typ} {@code at+jwt} (RFC 9068 §4), exact {@code iss}, {@code aud} containing this resource, and
 * {@code exp}/{@code nbf} with a small skew.
 */
public final class AccessTokenValidation {

    /** The client the token was issued to (RFC 9068 §2.2). */
    public static final String CLIENT_ID = "client_id";

    private static final int TIMEOUT_MILLIS = 5_000;

    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private AccessTokenValidation() {
    }

    public static JwtDecoder create(TokenValidationProperties properties, SSLContext tls) {
        return create(properties, jwkSource(properties, tls));
    }

    /** A servlet decoder on {@code keys}. */
    public static JwtDecoder create(TokenValidationProperties properties, JWKSource<SecurityContext> keys) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
            .jwsAlgorithms((algorithms) -> properties.algorithms()
                .forEach((name) -> algorithms.add(SignatureAlgorithm.from(name))))
            .build();
        decoder.setJwtValidator(validator(properties));
        return (token) -> {
            try {
                return decoder.decode(token);
            }
            catch (JwtException ex) {
                if (isRateLimited(ex)) {
                    // an unknown kid while refetching is throttled: the token cannot be verified, so it is invalid
                    throw new BadJwtException("Unknown signing key", ex);
                }
                throw ex;
            }
        };
    }

    /** An unknown {@code kid} while refetching is throttled: the token cannot be verified, so it is invalid. */
    public static boolean isRateLimited(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RateLimitReachedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The claim and header checks: typ, exp/nbf with skew, exact iss, aud containing this resource (or another), and
     * a {@code client_id} (RFC 9068 §2.2 requires it; the rate limits, the access log and the services' caller
     * checks are keyed by it, so a token without one is refused here rather than found missing later).
     */
    public static OAuth2TokenValidator<Jwt> validator(TokenValidationProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = List.of(new JwtTypeValidator("at+jwt"),
                new JwtTimestampValidator(properties.clockSkew()), new JwtIssuerValidator(properties.issuer().toString()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        (audience) -> audience != null && (audience.contains(properties.audience())
                                || properties.additionalAudiences().stream().anyMatch(audience::contains))),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, java.util.Objects::nonNull),
                new JwtClaimValidator<Object>(CLIENT_ID,
                        (clientId) -> clientId instanceof String text && !text.isBlank()));
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /**
     * The auth-server's JWKS fetched over TLS with {@code tls}: cached, refetched on an unknown {@code kid} at most
     * twice per {@code jwksMinRefetchInterval}, and kept when the auth-server is unreachable.
     */
    public static JWKSource<SecurityContext> jwkSource(TokenValidationProperties properties, SSLContext tls) {
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS,
                MAX_JWKS_BYTES, true, tls.getSocketFactory());
        try {
            return JWKSourceBuilder.create(properties.jwksUri().toURL(), retriever)
                .cache(properties.jwksCacheTimeToLive().toMillis(), TIMEOUT_MILLIS)
                .rateLimited(properties.jwksMinRefetchInterval().toMillis())
                .outageTolerantForever()
                .refreshAheadCache(false)
                .build();
        }
        catch (MalformedURLException ex) {
            throw new IllegalArgumentException("portcullis.token.jwks-uri is not a URL", ex);
        }
    }

}
