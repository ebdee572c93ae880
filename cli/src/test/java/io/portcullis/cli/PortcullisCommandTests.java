package io.portcullis.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing, settings and exit codes, without a server (nothing here opens a connection). */
class PortcullisCommandTests {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();

    private final StringWriter err = new StringWriter();

    private final Map<String, String> env = new HashMap<>();

    private int run(String... args) {
        CliContext context = new CliContext(this.env, this.home, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(this.out, true), new PrintWriter(this.err, true), false);
        return PortcullisCommand.execute(context, args);
    }

    /** The admin client's connection in the environment (the secret too, so that nothing is asked). */
    private void signIn(String issuer) {
        this.env.put("PORTCULLIS_ISSUER", issuer);
        this.env.put("PORTCULLIS_CLIENT_ID", "admin");
        this.env.put("PORTCULLIS_CLIENT_SECRET", "s3cr3t-value");
    }

    @Test
    void executeWhenUnknownOptionThenUsageExitCode() {
        assertThat(run("clients", "list", "--colour")).isEqualTo(2);
        assertThat(this.err.toString()).contains("Unknown option: '--colour'");
    }

    @Test
    void executeWhenNoCommandThenUsageExitCode() {
        assertThat(run()).isEqualTo(2);
        assertThat(this.err.toString()).contains("Missing command");
    }

    @Test
    void executeWhenNoIssuerAnywhereThenUsageErrorSayingWhereToSetIt() {
        assertThat(run("clients", "list")).isEqualTo(2);
        assertThat(this.err.toString()).isEqualTo("portcullis: No issuer: pass --issuer, set PORTCULLIS_ISSUER or "
                + "save a profile (portcullis login --save)\n");
    }

    @Test
    void executeWhenNoSecretAndNothingToReadThenUsageErrorWithoutConnecting() {
        this.env.put("PORTCULLIS_ISSUER", "https://localhost:1");
        this.env.put("PORTCULLIS_CLIENT_ID", "admin");

        assertThat(run("resources", "list")).isEqualTo(2);
        assertThat(this.err.toString()).startsWith("portcullis: No secret for admin");
    }

    @Test
    void executeWhenOutputFormatUnknownThenUsageExitCode() {
        assertThat(run("keys", "list", "-o", "xml")).isEqualTo(2);
        assertThat(this.err.toString()).contains("expected table, json or yaml but was 'xml'");
    }

    @Test
    void executeWhenServerUnreachableThenFailureExitCode() {
        signIn("https://127.0.0.1:1");

        assertThat(run("resources", "list")).isEqualTo(4);
        assertThat(this.err.toString()).startsWith("portcullis: Cannot reach https://127.0.0.1:1").doesNotContain("s3cr3t");
    }

    @Test
    void executeWhenIssuerIsPlainHttpBeyondThisMachineThenUsageErrorWithoutConnecting() {
        // the admin secret, its token and the secrets the server shows would travel in clear text
        signIn("https://127.0.0.1:1");
        for (String issuer : new String[] { "http://auth.example:9443", "http://127.0.0.1.nip.io:9443",
                "http://10.0.0.7:9443" }) {
            this.env.put("PORTCULLIS_ISSUER", issuer);
            this.err.getBuffer().setLength(0);

            assertThat(run("resources", "list")).as(issuer).isEqualTo(2);
            assertThat(this.err.toString()).as(issuer)
                .startsWith("portcullis: The issuer must be an https URL (http only on a loopback address)");
        }
        // a loopback address may be plain http (a port-forward, a local test server): it is tried
        signIn("http://127.0.0.1:1");
        this.err.getBuffer().setLength(0);
        assertThat(run("resources", "list")).isEqualTo(4);
        assertThat(this.err.toString()).startsWith("portcullis: Cannot reach http://127.0.0.1:1");
    }

    @Test
    void createWhenSecretFileCannotBeWrittenThenUsageErrorBeforeAnyClientIsCreated() {
        // a missing directory found after the client was created lost its secret, which is shown only once
        signIn("https://127.0.0.1:1");
        Path missing = this.home.resolve("no-such-dir").resolve("secrets.yaml");

        assertThat(run("clients", "create", "team-a", "--name", "Team A", "--secret-out", missing.toString()))
            .isEqualTo(2);
        assertThat(this.err.toString())
            .startsWith("portcullis: " + missing + " cannot be created: its directory does not exist");
    }

    @Test
    void executeWhenNamedProfileMissingThenUsageErrorNamingTheFile() {
        this.env.put("PORTCULLIS_CONFIG_DIR", this.home.resolve("cfg").toString());

        assertThat(run("login", "--profile", "prod")).isEqualTo(2);
        assertThat(this.err.toString()).contains("No profile 'prod' in " + this.home.resolve("cfg/config.yaml"));
    }

    @Test
    void withdrawWhenNotConfirmedThenUsageExitCode() {
        assertThat(run("keys", "withdraw", "kid-1")).isEqualTo(2);
        assertThat(this.err.toString()).contains("add --yes to confirm");
    }

    @Test
    void applyWhenFileInvalidThenUsageExitCodeAndLinesBeforeAnyConnection() throws Exception {
        Path file = this.home.resolve("platform.yaml");
        Files.writeString(file, "clients:\n  - clientId: x\n    name: X\n    ttl: PT5M\n");

        assertThat(run("apply", "-f", file.toString())).isEqualTo(2);
        assertThat(this.err.toString()).contains(file + ":4:5: clients[0].ttl: unknown field");
    }

    @Test
    void generateCompletionWhenRunThenBashScriptForEverySubcommand() {
        assertThat(run("generate-completion")).isZero();
        assertThat(this.out.toString()).contains("complete -F _complete_portcullis")
            .contains("rotate-secret")
            .contains("--dry-run");
    }

}
