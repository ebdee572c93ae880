package io.portcullis.e2e;

import io.portcullis.e2e.LocalPlatform.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin jobs of docs/admin-api.md — register a client, grant and take away a scope, rotate its secret,
 * introspect and revoke a token, disable and enable the client, read the audit trail, rotate and withdraw a
 * signing key — run exactly as written there, in order, against a platform started by {@code run.sh}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(DocumentedPlatform.class)
class AdminJobsEndToEndTests {

    private LocalPlatform platform;

    private Result started;

    @BeforeAll
    void startPlatform(DocumentedPlatform.Started shared) throws Exception {
        this.platform = shared.platform();
        this.started = shared.result();
    }

    @Test
    void adminJobsWhenRunAsDocumentedThenEachTakesEffectAndIsAudited() throws Exception {
        assertThat(this.started.exit()).as(this.started.output()).isZero();
        String jobs = DocumentedCommands.blocksOfSection(this.platform.root().resolve("docs/admin-api.md"),
                "## Admin jobs, as commands");

        Result run = this.platform.script(jobs, true);

        assertThat(run.exit()).as(run.output()).isZero();
        // introspected before and after the revocation
        assertThat(run.output()).as(run.output())
            .containsSubsequence("\"active\":true", "\"active\":false")
            .contains("CLIENT_CREATED", "CLIENT_SCOPE_GRANTED", "CLIENT_SCOPE_REVOKED", "CLIENT_SECRET_ROTATED",
                    "CLIENT_TOKENS_REVOKED", "CLIENT_DISABLED", "CLIENT_ENABLED", "KEY_ROTATED", "KEY_WITHDRAWN");
    }

}
