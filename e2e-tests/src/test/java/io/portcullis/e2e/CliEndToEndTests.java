package io.portcullis.e2e;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliContext;
import io.portcullis.cli.PortcullisCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code portcullis} CLI against a real auth-server process (one start for every journey), run in-process with
 * an environment and config folder of its own: login, token, imperative changes, apply / export, concurrency and
 * refusals. The journeys build on each other in order, as an operator's day would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTests {

    private static final String PLATFORM_FILE = """
            resources:
              - name: invoices
                uri: https://invoices.example.com
                description: Invoices of the shop
                scopes:
                  - name: invoices.read
                    description: Read invoices
                  - name: invoices.write
                    description: Create and change invoices
            clients:
              - clientId: invoices-team
                name: Invoices team
                scopes: [invoices.read, invoices.write]
                defaultScopes: [invoices.read]
                accessTokenTimeToLive: PT5M
            """;

    private Platform platform;

    @TempDir
    Path folder;

    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    void startAuthServer() throws Exception {
        this.platform = new Platform();
        // the CLI talks to the auth-server alone
        this.platform.start("auth-server");
    }

    @AfterAll
    void stop() {
        if (this.platform != null) {
            this.platform.close();
        }
    }

    private void adminEnvironment() {
        this.env.clear();
        this.env.put("PORTCULLIS_ISSUER", this.platform.issuer());
        this.env.put("PORTCULLIS_CLIENT_ID", "portcullis-admin");
        this.env.put("PORTCULLIS_CLIENT_SECRET", this.platform.adminSecret);
        this.env.put("PORTCULLIS_CA_FILE", this.platform.caFile().toString());
        this.env.put("PORTCULLIS_CONFIG_DIR", this.folder.resolve("config").toString());
    }

    @Test
    @Order(1)
    void loginWhenCredentialsInEnvironmentThenShowsClientAndScopesAndSavesOwnerOnlyProfile() throws Exception {
        adminEnvironment();

        Result login = cli("login", "--save");

        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).isEqualTo("Logged in to " + this.platform.issuer() + " as portcullis-admin (Platform "
                + "administrator)\n  token scopes    platform.admin (expires in 299 s)\n"
                .replace("299", login.out().replaceAll("(?s).*expires in (\\d+) s.*", "$1"))
                + "  granted scopes  platform.admin tokens.introspect tokens.revoke\n");
        assertThat(login.out() + login.err()).doesNotContain(this.platform.adminSecret);
        Path profile = this.folder.resolve("config").resolve("config.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profile))).isEqualTo("rw-------");

        this.env.clear();
        this.env.put("PORTCULLIS_CONFIG_DIR", this.folder.resolve("config").toString());
        Result fromProfile = cli("resources", "list");
        assertThat(fromProfile.exit()).as(fromProfile.err()).isZero();
        assertThat(fromProfile.out()).startsWith("NAME ").containsPattern("\nauth-server +" + this.platform.issuer() + " ");
    }

    @Test
    @Order(2)
    void tokenWhenScopeNotHeldThenServersOAuthErrorAndRefusalExitCode() {
        adminEnvironment();
        this.env.put("PORTCULLIS_TOKEN_CLIENT_SECRET", this.platform.demoSecret);

        Result refused = cli("token", "--client", "demo-client", "--scope", "platform.admin");
        Result decoded = cli("token", "--client", "demo-client", "--scope", "users.read", "--decode", "-o", "json");

        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).startsWith("portcullis: The token endpoint refused (400): invalid_scope");
        assertThat(decoded.exit()).as(decoded.err()).isZero();
        assertThat(decoded.out()).contains("\"typ\" : \"at+jwt\"").contains("\"scope\" : \"users.read\"")
            .contains("\"client_id\" : \"demo-client\"");
    }

    @Test
    @Order(3)
    void applyWhenServerLacksEverythingThenCreatesAndSecondApplyChangesNothing() throws Exception {
        adminEnvironment();
        Path file = write("platform.yaml", PLATFORM_FILE);
        Path secrets = this.folder.resolve("secrets.yaml");

        Result first = cli("apply", "-f", file.toString(), "--secrets-out", secrets.toString());
        Result second = cli("apply", "-f", file.toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("Plan: 4 to create, 0 to update, 0 to delete\n")
            .contains("+ resource invoices  created\n+ scope invoices.read  created\n+ scope invoices.write  created\n"
                    + "+ client invoices-team  created\n  secret of invoices-team written to " + secrets + "\n")
            .endsWith("Applied 4 change(s): 4 created, 0 updated, 0 deleted\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
        String secret = Files.readString(secrets).strip().replace("invoices-team: ", "");
        assertThat(secret).hasSize(43);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo("No changes: the server matches " + file + "\n");

        this.env.put("PORTCULLIS_TOKEN_CLIENT_SECRET", secret);
        Result token = cli("token", "--client", "invoices-team", "--decode");
        assertThat(token.exit()).as(token.err()).isZero();
        assertThat(token.out()).contains("\"scope\" : \"invoices.read\"").contains("\"aud\" : \"https://invoices.example.com\"");
    }

    @Test
    @Order(4)
    void applyWhenFileEditedThenPlanHasExactlyThatChange() throws Exception {
        adminEnvironment();
        Path file = write("platform.yaml", PLATFORM_FILE.replace("PT5M", "PT10M"));

        Result plan = cli("apply", "--dry-run", "-f", file.toString());
        Result applied = cli("apply", "-f", file.toString());
        Result client = cli("clients", "get", "invoices-team", "-o", "json");

        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).isEqualTo("""
                Plan (dry run, nothing changed): 0 to create, 1 to update, 0 to delete
                ~ client invoices-team
                    accessTokenTimeToLive: PT5M -> PT10M
                (without --prune nothing that is missing from the file is deleted)
                """);
        assertThat(applied.exit()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("~ client invoices-team  updated\n");
        assertThat(client.out()).contains("\"accessTokenTimeToLive\" : \"PT10M\"");
    }

    @Test
    @Order(5)
    void applyWhenPruneThenDeletesExactlyWhatIsNotInTheFile() throws Exception {
        adminEnvironment();
        Result export = cli("export");
        assertThat(export.exit()).as(export.err()).isZero();
        Path exported = write("exported.yaml", export.out());
        assertThat(cli("resources", "create", "legacy", "--uri", "https://legacy.example.com").exit()).isZero();
        assertThat(cli("scopes", "create", "legacy.read", "--resource", "legacy").exit()).isZero();
        assertThat(cli("clients", "create", "stray", "--name", "Stray", "--scopes", "legacy.read").exit()).isZero();

        Result withoutPrune = cli("apply", "--dry-run", "-f", exported.toString());
        Result plan = cli("apply", "--dry-run", "--prune", "-f", exported.toString());
        Result pruned = cli("apply", "--prune", "-f", exported.toString());
        Result gone = cli("clients", "get", "stray");

        assertThat(withoutPrune.out()).startsWith("No changes: the server matches ");
        assertThat(plan.out()).isEqualTo("""
                Plan (dry run, nothing changed): 0 to create, 0 to update, 3 to delete
                - client stray
                - scope legacy.read
                - resource legacy
                """);
        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("- client stray  deleted\n- scope legacy.read  deleted\n"
                + "- resource legacy  deleted\n");
        assertThat(gone.exit()).isEqualTo(3);
        assertThat(gone.err()).startsWith("portcullis: Refused (404) GET /admin/v1/clients/stray: ");
    }

    @Test
    @Order(6)
    void exportWhenPipedIntoApplyDryRunThenNoChanges() {
        adminEnvironment();
        Result export = cli("export");

        Result plan = cliWithInput(export.out(), "apply", "--dry-run", "--prune", "-f", "-");

        assertThat(export.out()).contains("  - clientId: invoices-team\n").doesNotContain(this.platform.adminSecret);
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).isEqualTo("No changes: the server matches <stdin>\n");
    }

    @Test
    @Order(7)
    void updateWhenChangedByOthersSinceReadThenConcurrentChangeReportedAndTheirChangeKept() {
        adminEnvironment();
        Result read = cli("clients", "get", "invoices-team");
        String etag = read.out().replaceAll("(?s).*\\netag\\s+(\"\\d+\")\\n.*", "$1");
        assertThat(etag).matches("\"\\d+\"");
        assertThat(cli("clients", "update", "invoices-team", "--name", "Invoices (their change)").exit()).isZero();

        Result mine = cli("clients", "update", "invoices-team", "--name", "Invoices (my change)", "--if-match", etag);
        Result after = cli("clients", "get", "invoices-team", "-o", "json");

        assertThat(mine.exit()).isEqualTo(3);
        assertThat(mine.err()).isEqualTo("portcullis: Concurrent change: PATCH /admin/v1/clients/invoices-team was "
                + "refused (412) because the target changed since it was read. If-Match does not match the current "
                + "ETag: the resource was changed; read it again\n");
        assertThat(after.out()).contains("\"name\" : \"Invoices (their change)\"");
    }

    @Test
    @Order(9)
    void refusalWhenServerRefusesThenProblemDetailAndFieldErrorsAndRefusalExitCode() throws Exception {
        adminEnvironment();

        Result builtIn = cli("resources", "delete", "auth-server");
        Result invalid = cli("clients", "create", "bad-client", "--name", "Bad", "--scopes", "no.such.scope",
                "--ttl", "PT1S");
        Path file = write("bad.yaml", PLATFORM_FILE.replace("PT5M", "PT1S"));
        Result applied = cli("apply", "-f", file.toString());

        assertThat(builtIn.exit()).isEqualTo(3);
        assertThat(builtIn.err()).startsWith("portcullis: Refused (409) DELETE /admin/v1/resources/auth-server: ");
        assertThat(invalid.exit()).isEqualTo(3);
        assertThat(invalid.err()).startsWith("portcullis: Refused (400) POST /admin/v1/clients: The request has "
                + "invalid fields\n")
            .contains("\n  accessTokenTimeToLive: must be an ISO-8601 duration of whole seconds between PT30S and ");
        assertThat(applied.exit()).isEqualTo(3);
        assertThat(applied.err()).startsWith("portcullis: Stopped at '~ client invoices-team': Refused (400) PATCH "
                + "/admin/v1/clients/invoices-team: The request has invalid fields\n")
            .contains("  " + file + ":15:28: clients[0].accessTokenTimeToLive (server: accessTokenTimeToLive: ");
    }

    @Test
    @Order(10)
    void imperativeJourneyWhenScopeGrantedSecretRotatedScopeTakenThenAuditTrailShowsEachStep() {
        adminEnvironment();

        Result created = cli("clients", "create", "team-b", "--name", "Team B", "--scopes", "invoices.read",
                "--default-scopes", "invoices.read");
        Result rotated = cli("clients", "rotate-secret", "team-b", "--grace", "PT0S", "-o", "json");
        Result granted = cli("clients", "grant-scope", "team-b", "invoices.write");
        Result revoked = cli("clients", "revoke-scope", "team-b", "invoices.write");
        Result disabled = cli("clients", "disable", "team-b");
        Result listed = cli("clients", "list", "--name", "Team B");
        Result audit = cli("audit", "--client", "team-b");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("clientSecret ").contains("The secret is shown this once: store it now.");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("\"clientSecret\" : \"").contains("\"previousSecretExpiresAt\"");
        assertThat(granted.out()).contains("scopes                     invoices.read,invoices.write");
        assertThat(revoked.out()).contains("scopes                     invoices.read\n");
        assertThat(disabled.out()).contains("enabled                    false");
        assertThat(listed.out()).startsWith("CLIENT ID  NAME    ENABLED  AUTH METHOD          TTL   SCOPES         "
                + "DEFAULT SCOPES\nteam-b     Team B  false    client_secret_basic  PT5M  invoices.read  invoices.read\n");
        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(audit.out().lines().skip(1).limit(5).map((line) -> line.split("\\s+")[3]).toList())
            .containsExactly("CLIENT_DISABLED", "CLIENT_SCOPE_REVOKED", "CLIENT_SCOPE_GRANTED", "CLIENT_SECRET_ROTATED",
                    "CLIENT_CREATED");
    }

    @Test
    @Order(11)
    void auditWhenFollowingThenNewEventsPrintedAsTheyHappen() throws Exception {
        adminEnvironment();
        StringWriter out = new StringWriter();
        CliContext context = new CliContext(this.env, this.folder, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), false);
        Thread follower = new Thread(() -> PortcullisCommand.execute(context, "audit", "--follow", "--size", "1",
                "--interval", "PT0.2S", "-o", "json"));
        follower.start();
        try {
            awaitContains(out, "\"type\":");
            assertThat(cli("resources", "create", "followed", "--uri", "https://followed.example.com").exit()).isZero();

            awaitContains(out, "\"targetId\":\"followed\"");
        }
        finally {
            follower.interrupt();
            follower.join(10_000);
        }
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"type\":\"RESOURCE_CREATED\"");
    }

    @Test
    @Order(12)
    void keysWhenRotatedThenListShowsTheNextKey() {
        adminEnvironment();

        Result rotated = cli("keys", "rotate", "-o", "json");
        Result listed = cli("keys", "list");

        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("\"state\" : \"NEXT\"");
        assertThat(listed.out()).startsWith("KID ").contains(" ACTIVE ").contains(" NEXT ");
    }

    private static void awaitContains(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!out.toString().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(out.toString()).contains(text);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(this.folder.resolve(name), content);
    }

    private Result cli(String... args) {
        return cliWithInput("", args);
    }

    private Result cliWithInput(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(this.env, this.folder, new ByteArrayInputStream(
                input.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true), new PrintWriter(err, true), false);
        int exit = PortcullisCommand.execute(context, args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
    }

}
