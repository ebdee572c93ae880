package io.portcullis.auth.key;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import io.portcullis.auth.AccessTokens;
import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.client.TestClients;
import io.portcullis.token.SigningAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeyIntegrationTests extends AuthServerIntegrationTestSupport {

    @Autowired
    SigningKeyRepository keys;

    @Autowired
    SigningKeyRing ring;

    @Autowired
    KeyRotation rotation;

    @Autowired
    KeyEncryption encryption;

    @Autowired
    JdbcTemplate jdbc;

    TestClients.Created client;

    @BeforeEach
    void setUp() {
        this.client = save(TestClients.confidential().defaultScopes("users.read"));
    }

    @Test
    void jwksWhenRequestedThenPublicKeysOnlyAndCacheableForMaxAge() {
        OAuthClient.Response response = this.oauth.get("/oauth2/jwks");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=600");
        JWKSet jwks = AccessTokens.jwks(this.oauth);
        assertThat(jwks.getKeys()).isNotEmpty().allSatisfy((key) -> assertThat(key.isPrivate()).isFalse());
        assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void privateKeyWhenStoredThenEncryptedUnderTheKeyEncryptionKey() {
        for (SigningKey key : this.keys.findAll()) {
            String stored = new String(key.privateKeyCiphertext(), StandardCharsets.ISO_8859_1);
            assertThat(stored).doesNotContain("\"d\"", "\"kty\"", key.kid());
            assertThat(key.kekId()).isEqualTo(this.encryption.kekId());
            assertThat(this.encryption.decrypt(key.kid(), key.privateKeyCiphertext())).contains("\"d\"");
        }
    }

    @Test
    void keysWhenLoadedWithAnotherKeyEncryptionKeyThenClearError() {
        KeyEncryption other = new KeyEncryption(Base64.getEncoder().encodeToString(new byte[32]));
        SigningKeyRing wrong = new SigningKeyRing(this.keys, other, java.time.Clock.systemUTC());

        assertThatIllegalStateException().isThrownBy(wrong::reload)
            .withMessageContaining("is encrypted under key-encryption key " + this.encryption.kekId());
    }

    @Test
    void ciphertextWhenMovedToAnotherKeyThenDoesNotDecrypt() {
        SigningKey key = this.keys.findAll().get(0);

        assertThatIllegalStateException()
            .isThrownBy(() -> this.encryption.decrypt("another-kid", key.privateKeyCiphertext()));
    }

    @Test
    void rotateWhenNextKeyScheduledThenPublishedBeforeItSignsAndOldTokensStayValid() throws Exception {
        String before = this.oauth.accessToken(this.client.clientId(), this.client.secret());
        String oldKid = AccessTokens.verify(before, AccessTokens.jwks(this.oauth)).getHeader().getKeyID();

        SigningKey next = this.rotation.rotateNow();
        this.ring.reload();

        // published at once, but the old key keeps signing until the takeover
        assertThat(AccessTokens.jwks(this.oauth).getKeyByKeyId(next.kid())).isNotNull();
        assertThat(next.activatesAt()).isAfterOrEqualTo(next.createdAt().plus(Duration.ofHours(1)));
        String during = this.oauth.accessToken(this.client.clientId(), this.client.secret());
        assertThat(AccessTokens.verify(during, AccessTokens.jwks(this.oauth)).getHeader().getKeyID())
            .isEqualTo(oldKid);
        SigningKey retiring = this.keys.findById(oldKid).orElseThrow();
        assertThat(retiring.deactivatesAt()).isEqualTo(next.activatesAt());
        assertThat(retiring.unpublishAt()).isEqualTo(next.activatesAt().plus(Duration.ofHours(1)).plus(Duration.ofMinutes(1)));

        // the takeover time arrives
        this.jdbc.update("UPDATE signing_keys SET activates_at = now() - interval '1 second' WHERE kid = ?",
                next.kid());
        this.jdbc.update("UPDATE signing_keys SET deactivates_at = now() - interval '1 second' WHERE kid = ?", oldKid);
        this.ring.reload();

        String after = this.oauth.accessToken(this.client.clientId(), this.client.secret());
        JWKSet jwks = AccessTokens.jwks(this.oauth);
        assertThat(AccessTokens.verify(after, jwks).getHeader().getKeyID()).isEqualTo(next.kid());
        assertThat(AccessTokens.verify(before, jwks).getHeader().getKeyID()).isEqualTo(oldKid);
        assertThat(introspect(before)).containsEntry("active", true);

        // every token of the old key has expired
        this.jdbc.update("UPDATE signing_keys SET unpublish_at = now() - interval '1 second' WHERE kid = ?", oldKid);
        this.ring.reload();
        assertThat(AccessTokens.jwks(this.oauth).getKeyByKeyId(oldKid)).isNull();
        assertThat(introspect(before)).containsEntry("active", false);
    }

    @Test
    void rotateIfDueWhenAlgorithmChangedThenSuccessorUsesIt() {
        KeyProperties es256 = new KeyProperties(Base64.getEncoder().encodeToString(new byte[32]),
                SigningAlgorithm.ES256, Duration.ofDays(30), Duration.ofHours(1), Duration.ofMinutes(10),
                Duration.ofSeconds(30));
        KeyRotation changed = new KeyRotation(this.keys, this.encryption, es256, Duration.ofHours(1),
                java.time.Clock.systemUTC(), new org.springframework.transaction.support.TransactionTemplate(
                        new org.springframework.jdbc.support.JdbcTransactionManager(this.jdbc.getDataSource())));
        this.jdbc.update("DELETE FROM signing_keys WHERE activates_at > now()");
        this.jdbc.update("UPDATE signing_keys SET deactivates_at = NULL, unpublish_at = NULL");

        changed.rotateIfDue();

        List<String> pending = this.jdbc.queryForList(
                "SELECT algorithm FROM signing_keys WHERE activates_at > now()", String.class);
        assertThat(pending).containsExactly("ES256");
    }

    private java.util.Map<String, Object> introspect(String token) {
        return this.oauth
            .post("/oauth2/introspect", this.client.clientId(), this.client.secret(), "token", token)
            .json();
    }

}
