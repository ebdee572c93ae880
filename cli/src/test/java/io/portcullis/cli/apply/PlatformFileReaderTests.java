package io.portcullis.cli.apply;

import io.portcullis.cli.CliException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlatformFileReaderTests {

    private static final String VALID = """
            resources:
              - name: orders
                uri: https://orders.example.com
                description: Orders
                scopes:
                  - name: orders.read
                    description: Read orders
                  - name: orders.write
            clients:
              - clientId: orders-team
                name: Orders team
                scopes: [orders.write, orders.read]
                defaultScopes: [orders.read]
                accessTokenTimeToLive: PT300S
                enabled: false
            """;

    @Test
    void readWhenValidThenEntriesWithFieldsGiven() {
        PlatformState state = PlatformFileReader.read("platform.yaml", VALID);

        assertThat(state.resources()).containsOnlyKeys("orders");
        assertThat(state.resources().get("orders").fields()).containsEntry("uri", "https://orders.example.com")
            .containsEntry("description", "Orders");
        assertThat(state.scopes()).containsOnlyKeys("orders.read", "orders.write");
        assertThat(state.scopes().get("orders.write").fields()).containsEntry("resource", "orders")
            .doesNotContainKey("description");
        Entry client = state.clients().get("orders-team");
        assertThat(client.fields()).containsEntry("scopes", java.util.List.of("orders.read", "orders.write"))
            .containsEntry("accessTokenTimeToLive", "PT5M")
            .containsEntry("enabled", false)
            .doesNotContainKey("authenticationMethod");
        assertThat(client.where("scopes")).isEqualTo("platform.yaml:12:13: clients[0].scopes");
    }

    @Test
    void readWhenFieldsInvalidThenEveryErrorWithItsLine() {
        String text = """
                resources:
                  - name: Orders
                    uri: https://orders.example.com
                clients:
                  - clientId: team
                    name: Team
                    scope: [orders.read]
                    defaultScopes: [orders.read]
                    accessTokenTimeToLive: five minutes
                    clientSecret: abc
                  - name: no id
                """;

        CliException error = catchThrowableOfType(CliException.class,
                () -> PlatformFileReader.read("platform.yaml", text));

        assertThat(error.exitCode()).isEqualTo(CliException.USAGE);
        assertThat(error.getMessage()).isEqualTo("platform.yaml has 5 error(s)");
        assertThat(error.details()).containsExactly(
                "platform.yaml:2:11: resources[0].name: must be 1 to 100 lower-case letters, digits or '-', "
                        + "starting with a letter",
                "platform.yaml:7:5: clients[0].scope: unknown field (did you mean scopes?) (known: clientId, name, "
                        + "enabled, authenticationMethod, accessTokenTimeToLive, scopes, defaultScopes, jwks, "
                        + "jwksUri, assertionSigningAlgorithm)",
                "platform.yaml:10:5: clients[0].clientSecret: secrets are never kept in this file: the server "
                        + "generates them and apply writes them once to --secrets-out (or prints them once)",
                "platform.yaml:9:28: clients[0].accessTokenTimeToLive: must be an ISO-8601 duration such as PT5M",
                "platform.yaml:11:5: clients[1].clientId: is required");
    }

    @Test
    void readWhenDefaultScopeNotHeldThenErrorAtDefaultScopes() {
        String text = """
                clients:
                  - clientId: team
                    name: Team
                    scopes: [a.read]
                    defaultScopes: [a.write]
                """;

        CliException error = catchThrowableOfType(CliException.class, () -> PlatformFileReader.read("f.yaml", text));

        assertThat(error.details())
            .containsExactly("f.yaml:5:20: clients[0].defaultScopes: a.write is not one of the client's scopes");
    }

    @Test
    void readWhenYamlMalformedThenLineOfTheProblem() {
        String text = "resources:\n  - name: a\n    uri: [unclosed\n";

        CliException error = catchThrowableOfType(CliException.class, () -> PlatformFileReader.read("f.yaml", text));

        assertThat(error.getMessage()).isEqualTo("Invalid f.yaml");
        assertThat(error.details()).singleElement().asString().startsWith("f.yaml:4:1: ");
    }

    @Test
    void readWhenClientListedTwiceThenErrorAtTheSecond() {
        String text = """
                clients:
                  - clientId: team
                    name: Team
                  - clientId: team
                    name: Team again
                """;

        CliException error = catchThrowableOfType(CliException.class, () -> PlatformFileReader.read("f.yaml", text));

        assertThat(error.details()).containsExactly("f.yaml:4:15: clients[1].clientId: client team is listed twice");
    }

}
