package io.portcullis.resourceserver;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.portcullis.token.AccessTokenValidation;
import io.portcullis.token.ObtainedKeys;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The auth-server's signing keys as the decoder sees them, and whether they were ever obtained. Until the first
 * JWKS arrives no token can be verified, so the service is not ready ({@link KeysReadiness}); a warm-up thread
 * fetches it at startup instead of waiting for the first request. Once obtained, keys are kept when the
 * auth-server becomes unreachable (token-validation's outage-tolerant cache), so readiness never goes back.
 */
public final class AccessTokenKeys implements JWKSource<SecurityContext>, InitializingBean, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(AccessTokenKeys.class);

    private final ObtainedKeys keys;

    private final Duration retry;

    private volatile Thread warmUp;

    AccessTokenKeys(JWKSource<SecurityContext> delegate, Duration retry) {
        this.keys = new ObtainedKeys(delegate,
                () -> logger.info("Access token signing keys obtained: the service can verify tokens"));
        this.retry = retry;
    }

    /** True once a JWKS has been fetched. */
    public boolean obtained() {
        return this.keys.obtained();
    }

    /**
     * {@code decoder}, answering "cannot verify" rather than "invalid" while no keys were ever obtained: the JWKS
     * refetch limit then turns an unreachable auth-server into an unknown-key refusal, which would be a 401 for a
     * token nobody could check; it is a 503 instead.
     */
    JwtDecoder whileUnobtainedUnavailable(JwtDecoder decoder) {
        return (token) -> {
            try {
                return decoder.decode(token);
            }
            catch (BadJwtException ex) {
                if (!this.keys.obtained() && AccessTokenValidation.isRateLimited(ex)) {
                    throw this.keys.throttled(ex);
                }
                throw ex;
            }
        };
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return this.keys.get(selector, context);
    }

    @Override
    public void afterPropertiesSet() {
        this.warmUp = Thread.ofPlatform().daemon().name("jwks-warm-up").start(this::warmUp);
    }

    @Override
    public void destroy() {
        Thread thread = this.warmUp;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void warmUp() {
        JWKSelector any = new JWKSelector(new JWKMatcher.Builder().build());
        int attempts = 0;
        while (!this.keys.obtained() && !Thread.currentThread().isInterrupted()) {
            try {
                get(any, null);
            }
            catch (KeySourceException | RuntimeException ex) {
                // once, then about once a minute: the readiness probe says it all the time
                if (attempts++ % Math.max(1, 60_000 / Math.max(1, this.retry.toMillis())) == 0) {
                    logger.warn("Access token signing keys not obtained yet ({}); the service is not ready",
                            ex.getMessage());
                }
                try {
                    Thread.sleep(this.retry);
                }
                catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

}
