package io.portcullis.token;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The auth-server's keys, and whether a key set was ever obtained from them. Until one was, no token can be judged:
 * a refetch the JWKS refetch limit throttles is then "the keys were never obtained" (no verdict, answered 503), not
 * "unknown signing key" (an invalid token, 401), which it is once keys are known. The services' decoder
 * (the resource-server starter's {@code AccessTokenKeys}) and the gateway's reactive one both go through it.
 */
public final class ObtainedKeys implements JWKSource<SecurityContext> {

    private final JWKSource<SecurityContext> delegate;

    private final Runnable onFirstKeys;

    private final AtomicBoolean obtained = new AtomicBoolean();

    /**
     * @param delegate the key source (e.g. {@link AccessTokenValidation#jwkSource})
     * @param onFirstKeys run once, by the call that obtained the first key set
     */
    public ObtainedKeys(JWKSource<SecurityContext> delegate, Runnable onFirstKeys) {
        this.delegate = delegate;
        this.onFirstKeys = onFirstKeys;
    }

    /** True once a key set was obtained; it stays true (the key source keeps its keys through an outage). */
    public boolean obtained() {
        return this.obtained.get();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> keys = this.delegate.get(selector, context);
        if (!this.obtained.get() && this.obtained.compareAndSet(false, true)) {
            this.onFirstKeys.run();
        }
        return keys;
    }

    /**
     * What a throttled refetch ({@link AccessTokenValidation#isRateLimited}) means for the token being decoded: an
     * unknown signing key ({@link BadJwtException}) once keys were obtained, otherwise no verdict at all (a plain
     * {@link JwtException}: the token may well be good).
     */
    public JwtException throttled(Throwable cause) {
        return obtained() ? new BadJwtException("Unknown signing key", cause)
                : new JwtException("The auth-server's keys were never obtained", cause);
    }

}
