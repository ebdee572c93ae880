package io.portcullis.auth.key;

import java.time.Duration;

import io.portcullis.token.SigningAlgorithm;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPropertiesTests {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void validateWhenNextKeyPublishedShorterThanJwksCacheThenRejected() {
        KeyProperties properties = new KeyProperties("key", SigningAlgorithm.RS256, Duration.ofDays(30),
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(30));

        assertThat(this.validator.validate(properties)).extracting((violation) -> violation.getMessage())
            .containsExactly("portcullis.keys.publish-ahead must exceed jwks-max-age plus refresh-interval");
    }

    @Test
    void validateWhenDefaultsThenValid() {
        KeyProperties properties = new KeyProperties("key", SigningAlgorithm.RS256, Duration.ofDays(30),
                Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(30));

        assertThat(this.validator.validate(properties)).isEmpty();
    }

}
