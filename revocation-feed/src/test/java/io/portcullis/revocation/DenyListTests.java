package io.portcullis.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DenyListTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Instant IAT = Instant.parse("2026-11-27T10:00:00Z");

    private final DenyList deny = new DenyList(Clock.systemUTC());

    @Test
    void deniesWhenSnapshotSaysRevokedDisabledRevokedBeforeOrScopeGone() {
        this.deny.reset(JSON.readTree("""
                {"last":7,"revokedTokens":[{"jti":"j1","clientId":"a","expiresAt":"2999-01-01T00:00:00Z"}],
                 "disabledClients":["b"],"revokedBefore":{"c":"2026-11-27T10:00:05Z"},
                 "clientScopes":{"d":["users.read"]}}"""));

        assertThat(this.deny.isReady()).isTrue();
        assertThat(this.deny.denies(null, "j1", "a", IAT, List.of())).isTrue();
        assertThat(this.deny.denies(null, "j2", "a", IAT, List.of())).isFalse();
        assertThat(this.deny.denies(null, "j3", "b", IAT, List.of())).isTrue();
        assertThat(this.deny.denies(null, "j4", "c", IAT, List.of())).isTrue();
        assertThat(this.deny.denies(null, "j5", "c", IAT.plusSeconds(10), List.of())).isFalse();
        assertThat(this.deny.denies(null, "j6", "d", IAT, List.of("users.read"))).isFalse();
        assertThat(this.deny.denies(null, "j7", "d", IAT, List.of("users.read", "users.write"))).isTrue();
    }

    @Test
    void checksWhenAPageOfEventsIsBeingAppliedThenSeeItAllOrNone() throws Exception {
        this.deny.reset(JSON.readTree("{\"last\":0}"));
        int clients = 20_000;
        // the client whose page (created, then its two grants, as one admin change writes them) is being applied
        AtomicInteger current = new AtomicInteger(-1);
        AtomicInteger refused = new AtomicInteger();
        Thread checker = Thread.ofPlatform().start(() -> {
            while (current.get() < clients - 1) {
                int client = Math.max(current.get(), 0);
                // a token the client was given once its change committed: never refused, whatever has arrived
                if (this.deny.denies("k", "j", "client-" + client, IAT.plusSeconds(1),
                        List.of("users.read", "users.write"))) {
                    refused.incrementAndGet();
                }
            }
        });
        for (int i = 0; i < clients; i++) {
            String client = "client-" + i;
            List<JsonNode> page = List.of(
                    JSON.readTree("{\"type\":\"CLIENT_CREATED\",\"clientId\":\"" + client
                            + "\",\"effectiveAt\":\"" + IAT + "\"}"),
                    JSON.readTree("{\"type\":\"SCOPE_GRANTED\",\"clientId\":\"" + client
                            + "\",\"scope\":\"users.read\"}"),
                    JSON.readTree("{\"type\":\"SCOPE_GRANTED\",\"clientId\":\"" + client
                            + "\",\"scope\":\"users.write\"}"));
            current.set(i);
            this.deny.applyAll(page);
        }
        checker.join(Duration.ofSeconds(30));

        assertThat(checker.isAlive()).isFalse();
        assertThat(refused.get()).isZero();
    }

    @Test
    void appliesEventsInOrder() {
        this.deny.reset(JSON.readTree("{\"last\":0,\"clientScopes\":{\"d\":[\"users.read\",\"users.write\"]}}"));

        this.deny.apply(JSON.readTree("{\"type\":\"SCOPE_REMOVED\",\"clientId\":\"d\",\"scope\":\"users.write\"}"));
        assertThat(this.deny.denies(null, "x", "d", IAT, List.of("users.write"))).isTrue();
        this.deny.apply(JSON.readTree("{\"type\":\"SCOPE_GRANTED\",\"clientId\":\"d\",\"scope\":\"users.write\"}"));
        assertThat(this.deny.denies(null, "x", "d", IAT, List.of("users.write"))).isFalse();

        this.deny.apply(JSON.readTree("{\"type\":\"CLIENT_DISABLED\",\"clientId\":\"d\"}"));
        assertThat(this.deny.denies(null, "x", "d", IAT, List.of())).isTrue();
        this.deny.apply(JSON.readTree("{\"type\":\"CLIENT_ENABLED\",\"clientId\":\"d\"}"));
        assertThat(this.deny.denies(null, "x", "d", IAT, List.of())).isFalse();

        this.deny.apply(JSON.readTree(
                "{\"type\":\"TOKEN_REVOKED\",\"clientId\":\"d\",\"jti\":\"x\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}"));
        assertThat(this.deny.denies(null, "x", "d", IAT, List.of())).isTrue();
    }

    @Test
    void purgeWhenRevokedTokenLongExpiredThenForgotten() {
        this.deny.apply(JSON.readTree(
                "{\"type\":\"TOKEN_REVOKED\",\"clientId\":\"d\",\"jti\":\"old\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}"));

        this.deny.purgeExpired();

        assertThat(this.deny.denies(null, "old", "d", IAT, List.of())).isFalse();
    }

    @Test
    void deniesWhenSigningKeyWithdrawnBySnapshotOrEvent() {
        this.deny.reset(JSON.readTree("{\"last\":3,\"retiredKeys\":[\"k1\"]}"));

        assertThat(this.deny.denies("k1", "j", "a", IAT, List.of())).isTrue();
        assertThat(this.deny.denies("k2", "j", "a", IAT, List.of())).isFalse();
        this.deny.apply(JSON.readTree("{\"type\":\"KEY_RETIRED\",\"kid\":\"k2\"}"));
        assertThat(this.deny.denies("k2", "j", "a", IAT, List.of())).isTrue();
        assertThat(this.deny.denies(null, "j", "a", IAT, List.of())).isFalse();
    }

    @Test
    void deniesWhenClientDeletedUntilCreatedAgainThenOnlyTokensOfTheNewLife() {
        this.deny.reset(JSON.readTree("{\"last\":0,\"clientScopes\":{\"r\":[\"users.read\"]}}"));
        this.deny.apply(JSON.readTree("{\"type\":\"CLIENT_TOKENS_REVOKED\",\"clientId\":\"r\","
                + "\"effectiveAt\":\"2026-11-27T09:00:00Z\"}"));
        this.deny.apply(JSON.readTree("{\"type\":\"SCOPE_REMOVED\",\"clientId\":\"r\",\"scope\":\"users.read\"}"));
        this.deny.apply(JSON.readTree("{\"type\":\"CLIENT_DELETED\",\"clientId\":\"r\"}"));
        assertThat(this.deny.denies(null, "new", "r", IAT.plusSeconds(60), List.of())).isTrue();

        this.deny.apply(JSON.readTree("{\"type\":\"CLIENT_CREATED\",\"clientId\":\"r\","
                + "\"effectiveAt\":\"2026-11-27T10:00:02.600Z\"}"));
        this.deny.apply(JSON.readTree("{\"type\":\"SCOPE_GRANTED\",\"clientId\":\"r\",\"scope\":\"users.read\"}"));

        // iat has whole seconds: a token of the creation's second is of the new life, one of the second before is not
        assertThat(this.deny.denies(null, "new", "r", IAT.plusSeconds(2), List.of("users.read"))).isFalse();
        assertThat(this.deny.denies(null, "old", "r", IAT.plusSeconds(1), List.of("users.read"))).isTrue();
        assertThat(this.deny.denies(null, "none", "r", null, List.of("users.read"))).isTrue();
        assertThat(this.deny.denies(null, "new", "r", IAT.plusSeconds(2), List.of("users.write"))).isTrue();
    }

    @Test
    void deniesWhenSnapshotListsDeletedClientsAndCreationTimes() {
        this.deny.reset(JSON.readTree("""
                {"last":9,"deletedClients":["gone"],"createdAt":{"reborn":"2026-11-27T10:00:05Z"},
                 "clientScopes":{"reborn":["users.read"]}}"""));

        assertThat(this.deny.denies(null, "j", "gone", IAT, List.of())).isTrue();
        assertThat(this.deny.denies(null, "j", "reborn", IAT, List.of("users.read"))).isTrue();
        assertThat(this.deny.denies(null, "j", "reborn", IAT.plusSeconds(5), List.of("users.read"))).isFalse();
        this.deny.apply(JSON.readTree("{\"type\":\"CLIENT_CREATED\",\"clientId\":\"gone\","
                + "\"effectiveAt\":\"2026-11-27T10:00:07Z\"}"));
        assertThat(this.deny.denies(null, "j", "gone", IAT.plusSeconds(7), List.of())).isFalse();
    }

}
