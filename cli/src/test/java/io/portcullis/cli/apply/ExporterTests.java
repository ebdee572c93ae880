package io.portcullis.cli.apply;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExporterTests {

    @Test
    void exportWhenReadBackThenPlanAgainstTheSameServerIsEmptyAndOwnResourceLeftOut() {
        PlatformState server = new PlatformState(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        server.resources().put("auth-server", Entry.server(Kind.RESOURCE, "auth-server",
                map("uri", "https://auth", "description", "Its own"), 1));
        server.scopes().put("platform.admin", Entry.server(Kind.SCOPE, "platform.admin",
                map("resource", "auth-server", "description", "Admin"), 1));
        server.resources().put("orders", Entry.server(Kind.RESOURCE, "orders",
                map("uri", "https://orders.example.com", "description", "Orders"), 1));
        server.scopes().put("orders.read", Entry.server(Kind.SCOPE, "orders.read",
                map("resource", "orders", "description", ""), 1));
        Map<String, Object> client = map("name", "Team: \"quoted\"", "enabled", false);
        client.put("authenticationMethod", "private_key_jwt");
        client.put("accessTokenTimeToLive", "PT10M");
        client.put("scopes", List.of("orders.read", "platform.admin"));
        client.put("defaultScopes", List.of());
        client.put("jwks", Map.of("keys", List.of(Map.of("kty", "RSA", "n", "abc", "e", "AQAB"))));
        client.put("jwksUri", null);
        client.put("assertionSigningAlgorithm", "RS256");
        server.clients().put("team", Entry.server(Kind.CLIENT, "team", client, 4));

        String yaml = Exporter.yaml(server, "# header\n", "https://auth");
        Plan plan = new Planner("https://auth", "admin").plan(PlatformFileReader.read("export", yaml), server, true);

        assertThat(yaml).startsWith("# header\nresources:\n  - name: orders\n    uri: https://orders.example.com\n")
            .doesNotContain("jwksUri")
            .doesNotContain("auth-server");
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.kept()).isEmpty();
    }

    private static Map<String, Object> map(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

}
