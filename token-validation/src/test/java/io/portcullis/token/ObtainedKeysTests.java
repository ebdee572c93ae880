package io.portcullis.token;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ObtainedKeysTests {

    private static final JWKSelector ANY = new JWKSelector(new JWKMatcher.Builder().build());

    @Test
    void throttledWhenNoKeySetYetThenNoVerdictAndOnceObtainedThenUnknownKey() throws Exception {
        AtomicReference<List<JWK>> answer = new AtomicReference<>();
        JWKSource<SecurityContext> source = (selector, context) -> {
            if (answer.get() == null) {
                throw new KeySourceException("auth-server unreachable");
            }
            return answer.get();
        };
        AtomicInteger firsts = new AtomicInteger();
        ObtainedKeys keys = new ObtainedKeys(source, firsts::incrementAndGet);
        Throwable cause = new IllegalStateException("throttled");

        assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> keys.get(ANY, null));
        assertThat(keys.obtained()).isFalse();
        assertThat(keys.throttled(cause)).isNotInstanceOf(BadJwtException.class).hasCause(cause);

        answer.set(List.of(new RSAKeyGenerator(2048).keyID("k1").generate()));
        assertThat(keys.get(ANY, null)).hasSize(1);
        assertThat(keys.obtained()).isTrue();
        assertThat(keys.throttled(cause)).isInstanceOf(BadJwtException.class).hasMessage("Unknown signing key");

        // kept: a later failure of the source does not take it back
        answer.set(null);
        assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> keys.get(ANY, null));
        assertThat(keys.obtained()).isTrue();
        assertThat(firsts).hasValue(1);
    }

    @Test
    void getWhenManyThreadsObtainTheFirstKeysThenToldOnce() throws Exception {
        List<JWK> set = List.of(new RSAKeyGenerator(2048).keyID("k1").generate());
        AtomicInteger firsts = new AtomicInteger();
        ObtainedKeys keys = new ObtainedKeys((selector, context) -> set, firsts::incrementAndGet);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                threads.submit(() -> {
                    start.await();
                    return keys.get(ANY, null);
                });
            }
            start.countDown();
        }
        assertThat(firsts).hasValue(1);
        assertThat(keys.throttled(new IllegalStateException())).isInstanceOf(JwtException.class)
            .isInstanceOf(BadJwtException.class);
    }

}
