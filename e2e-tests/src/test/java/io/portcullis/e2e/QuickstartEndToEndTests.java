package io.portcullis.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import io.portcullis.e2e.LocalPlatform.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command and its quickstart, exactly as written there: {@code infra/local/run.sh --detach}
 * brings the platform up (embedded PostgreSQL, PKI, secrets), then the README's curl commands get a token and
 * call the API through the gateway and directly. A step that fails stops the quickstart with the server's or
 * curl's own message, never with a misleading 401 further on. Runs on ports and folders of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(DocumentedPlatform.class)
class QuickstartEndToEndTests {

    private static final String FIRST_LINE = "source target/local/platform.env";

    private LocalPlatform platform;

    private Result started;

    private String quickstart;

    @BeforeAll
    void startPlatform(DocumentedPlatform.Started shared) throws Exception {
        this.platform = shared.platform();
        this.started = shared.result();
        this.quickstart = DocumentedCommands.blockStartingWith(this.platform.root().resolve("README.md"), FIRST_LINE);
    }

    @Test
    void quickstartWhenRunAsDocumentedThenTokenAndApiCallsSucceed() throws Exception {
        assertThat(this.started.exit()).as(this.started.output()).isZero();
        assertThat(this.started.output()).contains("Portcullis is running");

        Result quickstart = this.platform.script(this.quickstart, true);

        assertThat(quickstart.exit()).as(quickstart.output()).isZero();
        // two listings of users: one through the gateway, one straight from the user-service
        assertThat(quickstart.output().split("\"items\"", -1)).as(quickstart.output()).hasSize(3);
    }

    @Test
    void restartScriptWhenSettingExportedAtStartThenStartsTheServiceWithItAgain() throws Exception {
        assertThat(this.started.exit()).as(this.started.output()).isZero();
        Path script = this.platform.state().resolve("start-gateway.sh");

        String restart = Files.readString(script);

        // what drills/restart.sh runs: the operator's setting comes along, the secrets stay in secrets.env
        assertThat(restart).contains("PORTCULLIS_USERS_BURST=200", "source ")
            .doesNotContain("PORTCULLIS_DEMO_CLIENT_SECRET")
            .doesNotContain("PORTCULLIS_ADMIN_CLIENT_SECRET");
        assertThat(Files.getPosixFilePermissions(script)).containsOnly(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void quickstartWhenScopeIsNotTheClientsThenStopsAtTheTokenStepWithTheServersError() throws Exception {
        assertThat(this.started.exit()).as(this.started.output()).isZero();
        String wrongScope = this.quickstart.replace("-d scope=users.read", "-d scope=users.admin");
        assertThat(wrongScope).isNotEqualTo(this.quickstart);

        Result quickstart = this.platform.script(wrongScope, true);

        assertThat(quickstart.exit()).as(quickstart.output()).isNotZero();
        assertThat(quickstart.output()).contains("token endpoint: {", "\"error\":\"invalid_scope\"")
            .contains("curl: (22)")
            .doesNotContain("\"items\"")
            .doesNotContain("invalid_token");
    }

    @Test
    void quickstartWhenPastedWithoutErrexitAndCaFileMissingThenGatewayIsNeverCalled() throws Exception {
        assertThat(this.started.exit()).as(this.started.output()).isZero();
        String missingCa = this.quickstart.replace(FIRST_LINE + "\n", FIRST_LINE + "\nCA_FILE=/nonexistent/ca.crt\n");
        assertThat(missingCa).isNotEqualTo(this.quickstart);

        Result quickstart = this.platform.script(missingCa, false);

        assertThat(quickstart.exit()).as(quickstart.output()).isNotZero();
        assertThat(quickstart.output()).contains("curl: (")
            .contains("TOKEN: no access token: the token request above failed")
            .doesNotContain("\"items\"")
            .doesNotContain("invalid_token")
            .doesNotContain("metrics:");
    }

}
