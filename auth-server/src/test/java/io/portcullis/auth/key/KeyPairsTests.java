package io.portcullis.auth.key;

import com.nimbusds.jose.jwk.JWK;
import io.portcullis.token.SigningAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPairsTests {

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void generateWhenAnyPortcullisAlgorithmThenPrivateKeyMarkedForIt(SigningAlgorithm algorithm) {
        JWK key = KeyPairs.generate(algorithm);

        assertThat(key.getAlgorithm()).isEqualTo(algorithm.jws());
        assertThat(key.isPrivate()).isTrue();
        assertThat(key.getKeyID()).isNotBlank();
    }

}
