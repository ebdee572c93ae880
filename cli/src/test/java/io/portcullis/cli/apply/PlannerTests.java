package io.portcullis.cli.apply;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlannerTests {

    private static final String ISSUER = "https://auth.example.com";

    private final Planner planner = new Planner(ISSUER, "portcullis-admin");

    private static final String FILE = """
            resources:
              - name: orders
                uri: https://orders.example.com
                scopes:
                  - name: orders.read
                    description: Read orders
            clients:
              - clientId: orders-team
                name: Orders team
                scopes: [orders.read]
                accessTokenTimeToLive: PT5M
            """;

    @Test
    void planWhenServerEmptyThenCreatesInDependencyOrder() {
        Plan plan = this.planner.plan(PlatformFileReader.read("f", FILE), server(), false);

        assertThat(plan.render()).isEqualTo("""
                + resource orders
                    uri: https://orders.example.com
                + scope orders.read
                    resource: orders
                    description: Read orders
                + client orders-team
                    name: Orders team
                    accessTokenTimeToLive: PT5M
                    scopes: [orders.read]
                """);
        assertThat(plan.summary()).isEqualTo("3 to create, 0 to update, 0 to delete");
    }

    @Test
    void planWhenServerMatchesThenNoChangesEvenIfWrittenDifferently() {
        PlatformState actual = server();
        addServerState(actual, "PT300S", List.of("orders.read"));

        Plan plan = this.planner.plan(PlatformFileReader.read("f", FILE), actual, false);

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void planWhenOneFieldDiffersThenUpdateWithExactlyThatField() {
        PlatformState actual = server();
        addServerState(actual, "PT5M", List.of());

        Plan plan = this.planner.plan(PlatformFileReader.read("f", FILE), actual, false);

        assertThat(plan.render()).isEqualTo("""
                ~ client orders-team
                    scopes: [] -> [orders.read]
                """);
        assertThat(plan.changes().get(0).actual().etag()).isEqualTo("\"7\"");
    }

    @Test
    void planWhenServerHasMoreThenDeletesOnlyWithPruneAndNeverBuiltIns() {
        PlatformState actual = server();
        addServerState(actual, "PT5M", List.of("orders.read"));
        actual.resources().put("legacy", Entry.server(Kind.RESOURCE, "legacy", fields("uri", "https://legacy"), 1));
        actual.scopes().put("legacy.read", Entry.server(Kind.SCOPE, "legacy.read", fields("resource", "legacy"), 1));
        actual.clients().put("old", Entry.server(Kind.CLIENT, "old", fields("name", "Old"), 1));

        Plan withoutPrune = this.planner.plan(PlatformFileReader.read("f", FILE), actual, false);
        Plan withPrune = this.planner.plan(PlatformFileReader.read("f", FILE), actual, true);

        assertThat(withoutPrune.isEmpty()).isTrue();
        assertThat(withPrune.render()).isEqualTo("""
                - client old
                - scope legacy.read
                - resource legacy
                """);
        assertThat(withPrune.kept()).containsExactly("client portcullis-admin (the client this CLI is calling as)");
    }

    @Test
    void planWhenResourceUriChangedThenErrorAtTheFilesLine() {
        PlatformState actual = server();
        actual.resources().put("orders", Entry.server(Kind.RESOURCE, "orders", fields("uri", "https://other"), 1));

        CliException error = catchThrowableOfType(CliException.class,
                () -> this.planner.plan(PlatformFileReader.read("f", FILE), actual, false));

        assertThat(error.details()).singleElement().asString().startsWith("f:3:10: resources[0].uri: the server's "
                + "resource orders has the URI https://other; a URI cannot change");
    }

    @Test
    void planWhenClientNamesUnknownScopeThenErrorAtItsScopes() {
        String file = """
                clients:
                  - clientId: team
                    name: Team
                    scopes: [orders.raed]
                """;

        CliException error = catchThrowableOfType(CliException.class,
                () -> this.planner.plan(PlatformFileReader.read("f", file), server(), false));

        assertThat(error.details()).containsExactly(
                "f:4:13: clients[0].scopes: scope orders.raed is neither in the file nor on the server");
    }

    /** What a fresh server has: its own resource, a built-in scope and the admin client. */
    private static PlatformState server() {
        PlatformState state = new PlatformState(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        state.resources().put("auth-server", Entry.server(Kind.RESOURCE, "auth-server", fields("uri", ISSUER), 1));
        state.scopes().put("platform.admin",
                Entry.server(Kind.SCOPE, "platform.admin", fields("resource", "auth-server"), 1));
        state.clients().put("portcullis-admin",
                Entry.server(Kind.CLIENT, "portcullis-admin", fields("name", "Admin"), 1));
        return state;
    }

    private static void addServerState(PlatformState state, String ttl, List<String> scopes) {
        Map<String, Object> resource = fields("uri", "https://orders.example.com");
        resource.put("description", null);
        state.resources().put("orders", Entry.server(Kind.RESOURCE, "orders", resource, 3));
        Map<String, Object> scope = fields("resource", "orders");
        scope.put("description", "Read orders");
        state.scopes().put("orders.read", Entry.server(Kind.SCOPE, "orders.read", scope, 2));
        Map<String, Object> client = fields("name", "Orders team");
        client.put("scopes", scopes);
        client.put("accessTokenTimeToLive", ttl);
        client.put("enabled", true);
        state.clients().put("orders-team", Entry.server(Kind.CLIENT, "orders-team", client, 7));
    }

    private static Map<String, Object> fields(String field, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(field, value);
        return fields;
    }

}
