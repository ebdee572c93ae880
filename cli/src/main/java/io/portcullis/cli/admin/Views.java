package io.portcullis.cli.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.output.Table;

/** Tables of the admin API's documents, for people. */
final class Views {

    private Views() {
    }

    static String resources(List<Object> resources) {
        Table table = Table.of("NAME", "URI", "DESCRIPTION");
        maps(resources).forEach((r) -> table.row(r.get("name"), r.get("uri"), r.get("description")));
        return table.render();
    }

    static String scopes(List<Object> scopes) {
        Table table = Table.of("NAME", "RESOURCE", "DESCRIPTION");
        maps(scopes).forEach((s) -> table.row(s.get("name"), s.get("resource"), s.get("description")));
        return table.render();
    }

    static String clients(List<Object> clients) {
        Table table = Table.of("CLIENT ID", "NAME", "ENABLED", "AUTH METHOD", "TTL", "SCOPES", "DEFAULT SCOPES");
        maps(clients).forEach((c) -> table.row(c.get("clientId"), c.get("name"), c.get("enabled"),
                c.get("authenticationMethod"), c.get("accessTokenTimeToLive"), c.get("scopes"),
                c.get("defaultScopes")));
        return table.render();
    }

    static String keys(List<Object> keys) {
        Table table = Table.of("KID", "ALGORITHM", "STATE", "CREATED", "ACTIVATES", "RETIRES", "UNPUBLISHES");
        maps(keys).forEach((k) -> table.row(k.get("kid"), k.get("algorithm"), k.get("state"), k.get("created"),
                k.get("activates"), k.get("retires"), k.get("unpublishes")));
        return table.render();
    }

    static Table auditTable() {
        return Table.of("ID", "TIME", "ACTOR", "TYPE", "TARGET", "TRACE");
    }

    static void auditRow(Table table, Map<String, Object> e) {
        table.row(e.get("id"), e.get("occurredAt"), e.get("actor"), e.get("type"),
                e.get("targetType") + " " + e.get("targetId"), e.get("traceId"));
    }

    /** One document as "field  value" lines, and its ETag when it has one. */
    static String details(Map<String, Object> document, String etag) {
        Table table = Table.of("FIELD", "VALUE");
        document.forEach((field, value) -> table.row(field, (value instanceof Map<?, ?>) ? io.portcullis.cli
            .output.Json.compact(value) : value));
        if (etag != null) {
            table.row("etag", etag);
        }
        return table.render();
    }

    /** The items of one page of a paged list ({@code items}, {@code totalItems}); none when it has none. */
    static List<Object> items(Map<String, Object> page) {
        return (page.get("items") instanceof List<?> list) ? new ArrayList<>(list) : List.of();
    }

    static long totalItems(Map<String, Object> page) {
        return ((Number) page.getOrDefault("totalItems", 0)).longValue();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(List<Object> items) {
        return items.stream().filter(Map.class::isInstance).map((item) -> (Map<String, Object>) item).toList();
    }

}
