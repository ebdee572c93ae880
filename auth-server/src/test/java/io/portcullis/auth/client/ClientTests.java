package io.portcullis.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTests {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private static final Instant LATER = Instant.parse("2026-03-01T12:00:00Z");

    private final Client client = Client.create("c1", "Client one", "client_secret_basic", ClientSecret.of("hash-1"),
            ClientKeys.NONE, Duration.ofMinutes(5), Set.of(new ClientScope("users.read", true)), CREATED);

    @Test
    void rotateSecretWhenGraceEndsAfterTheGivenNowThenPreviousKeptAndUpdatedAtIsThatNow() {
        // LATER lies before the wall clock: a rotation reading Instant.now() would drop the previous secret
        Client rotated = this.client.withRotatedSecret("hash-2", LATER.plusSeconds(3600), LATER);

        assertThat(rotated.secret()).isEqualTo(new ClientSecret("hash-2", "hash-1", LATER.plusSeconds(3600)));
        assertThat(rotated.updatedAt()).isEqualTo(LATER);
        assertThat(rotated.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void rotateSecretWhenGraceEndsAtTheGivenNowThenPreviousDropped() {
        Client rotated = this.client.withRotatedSecret("hash-2", LATER, LATER);

        assertThat(rotated.secret()).isEqualTo(ClientSecret.of("hash-2"));
    }

    @Test
    void withScopesWhenChangedThenOnlyScopesAndUpdatedAtDiffer() {
        Set<ClientScope> scopes = Set.of(new ClientScope("users.write", false));

        Client changed = this.client.withScopes(scopes, LATER);

        assertThat(changed.settings()).isEqualTo(this.client.settings().withScopes(scopes));
        assertThat(changed.secret()).isEqualTo(this.client.secret());
        assertThat(changed.updatedAt()).isEqualTo(LATER);
    }

}
