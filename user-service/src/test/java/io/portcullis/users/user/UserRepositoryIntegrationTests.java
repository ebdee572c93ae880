package io.portcullis.users.user;

import java.time.Instant;
import java.util.UUID;

import io.portcullis.testsupport.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What PostgreSQL itself guarantees, whatever the application checks first. */
@DataJdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class UserRepositoryIntegrationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry);
    }

    @Autowired
    UserRepository users;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void clean() {
        this.jdbc.update("DELETE FROM users");
    }

    @Test
    void saveWhenUsernameDiffersOnlyInCaseThenRefusedByUniqueIndex() {
        this.users.save(user("ada", "ada@example.com"));

        assertThatThrownBy(() -> this.users.save(user("ADA", "other@example.com")))
            .isInstanceOfAny(DbActionExecutionException.class, DataIntegrityViolationException.class)
            .rootCause()
            .hasMessageContaining("users_username_key");
        assertThat(this.users.count()).isEqualTo(1);
    }

    @Test
    void saveWhenEmailDiffersOnlyInCaseThenRefusedByUniqueIndex() {
        this.users.save(user("ada", "ada@example.com"));

        assertThatThrownBy(() -> this.users.save(user("grace", "ADA@EXAMPLE.COM")))
            .rootCause()
            .hasMessageContaining("users_email_key");
    }

    @Test
    void saveWhenVersionStaleThenOptimisticLockingFailureAndRowKept() {
        User saved = this.users.save(user("ada", "ada@example.com"));
        User first = this.users.save(saved.with(new UserFields("ada", "ada@example.com", "First", UserStatus.ACTIVE)));

        assertThatThrownBy(
                () -> this.users.save(saved.with(new UserFields("ada", "ada@example.com", "Stale", UserStatus.ACTIVE))))
            .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(this.users.findById(saved.id())).get()
            .extracting(User::displayName, User::version)
            .containsExactly("First", first.version());
    }

    @Test
    void insertWhenValuesBreakTheSchemaThenRefused() {
        UUID id = UUID.randomUUID();
        String insert = "INSERT INTO users VALUES (?, ?, ?, ?, ?, now(), now(), 0)";

        assertThatThrownBy(() -> this.jdbc.update(insert, id, "a b", "x@example.com", "X", "ACTIVE"))
            .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> this.jdbc.update(insert, id, "valid", "no-at-sign", "X", "ACTIVE"))
            .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> this.jdbc.update(insert, id, "valid", "x@example.com", "X", "ROOT"))
            .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(this.users.count()).isZero();
    }

    @Test
    void searchWhenFilteredThenCaseInsensitiveEmailAndStableOrder() {
        User a = this.users.save(user("ada", "ada@example.com"));
        User b = this.users.save(user("bob", "bob@example.com"));

        assertThat(this.users.search("ADA@example.com", null, 10, 0)).extracting(User::id).containsExactly(a.id());
        assertThat(this.users.search(null, "ACTIVE", 10, 0)).extracting(User::id).containsExactly(a.id(), b.id());
        assertThat(this.users.countMatching(null, "DISABLED")).isZero();
    }

    private static User user(String username, String email) {
        Instant now = Instant.now();
        return new User(UUID.randomUUID(), username, email, "Name", UserStatus.ACTIVE, now, now, null);
    }

}
