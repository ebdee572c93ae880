package io.portcullis.auth.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientSecretHasherTests {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final ClientSecretHasher hasher = new ClientSecretHasher(new byte[32], Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void hashWhenSameSecretThenSameKeyedHashAndNeverTheSecret() {
        String secret = ClientSecrets.generate();

        assertThat(this.hasher.hash(secret)).isEqualTo(this.hasher.hash(secret))
            .startsWith("hmac-sha256$")
            .doesNotContain(secret);
        assertThat(new ClientSecretHasher(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 }, Clock.systemUTC()).hash(secret))
            .isNotEqualTo(this.hasher.hash(secret));
    }

    @Test
    void matchesWhenRightOrWrongSecretThenTrueOrFalse() {
        String secret = ClientSecrets.generate();
        String hash = this.hasher.hash(secret);

        assertThat(this.hasher.matches(secret, hash)).isTrue();
        assertThat(this.hasher.matches(secret + "x", hash)).isFalse();
        assertThat(this.hasher.matches("", hash)).isFalse();
        assertThat(this.hasher.matches(null, hash)).isFalse();
    }

    @Test
    void matchesWhenPreviousSecretWithinGraceThenTrueAndAfterGraceFalse() {
        String previous = ClientSecrets.generate();
        String current = ClientSecrets.generate();
        String withinGrace = ClientSecretHasher.credential(this.hasher.hash(current), this.hasher.hash(previous),
                NOW.plusSeconds(60));
        String afterGrace = ClientSecretHasher.credential(this.hasher.hash(current), this.hasher.hash(previous),
                NOW.minusSeconds(1));

        assertThat(this.hasher.matches(current, withinGrace)).isTrue();
        assertThat(this.hasher.matches(previous, withinGrace)).isTrue();
        assertThat(this.hasher.matches(current, afterGrace)).isTrue();
        assertThat(this.hasher.matches(previous, afterGrace)).isFalse();
    }

    @Test
    void upgradeEncodingWhenAnyHashThenNeverRewritten() {
        assertThat(this.hasher.upgradeEncoding(this.hasher.hash("x"))).isFalse();
    }

    @Test
    void generateWhenCalledThen256BitsOfRandomness() {
        String secret = ClientSecrets.generate();

        assertThat(java.util.Base64.getUrlDecoder().decode(secret)).hasSize(32);
        assertThat(ClientSecrets.generate()).isNotEqualTo(secret);
    }

    @Test
    void constructorWhenKeyShorterThan32BytesThenRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientSecretHasher(new byte[16], Clock.systemUTC()));
    }

}
