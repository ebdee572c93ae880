package io.portcullis.cli.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.connection.AdminApi;

/** Resources, scopes and clients, keyed by name, in file (or server) order. */
record PlatformState(Map<String, Entry> resources, Map<String, Entry> scopes, Map<String, Entry> clients) {

    Map<String, Entry> of(Kind kind) {
        return switch (kind) {
            case RESOURCE -> this.resources;
            case SCOPE -> this.scopes;
            case CLIENT -> this.clients;
        };
    }

    /** What the server has now, read through the admin API with each entry's row version. */
    static PlatformState load(AdminApi api) {
        Map<String, Entry> resources = new LinkedHashMap<>();
        for (Map<String, Object> resource : maps(api.get("/resources").list())) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("uri", resource.get("uri"));
            fields.put("description", resource.get("description"));
            String name = String.valueOf(resource.get("name"));
            resources.put(name, Entry.server(Kind.RESOURCE, name, fields, version(resource)));
        }
        Map<String, Entry> scopes = new LinkedHashMap<>();
        for (Map<String, Object> scope : maps(api.get("/scopes").list())) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("resource", scope.get("resource"));
            fields.put("description", scope.get("description"));
            String name = String.valueOf(scope.get("name"));
            scopes.put(name, Entry.server(Kind.SCOPE, name, fields, version(scope)));
        }
        Map<String, Entry> clients = new LinkedHashMap<>();
        List<Map<String, Object>> all = new ArrayList<>();
        int page = 0;
        while (true) {
            Map<String, Object> result = api.get("/clients?page=" + page + "&size=100").map();
            List<Map<String, Object>> items = maps((result.get("items") instanceof List<?> list)
                    ? new ArrayList<>(list) : List.of());
            all.addAll(items);
            long total = ((Number) result.getOrDefault("totalItems", 0)).longValue();
            if (items.isEmpty() || all.size() >= total) {
                break;
            }
            page++;
        }
        for (Map<String, Object> client : all) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String field : Kind.CLIENT.fields()) {
                fields.put(field, client.get(field));
            }
            String clientId = String.valueOf(client.get("clientId"));
            clients.put(clientId, Entry.server(Kind.CLIENT, clientId, fields, version(client)));
        }
        return new PlatformState(resources, scopes, clients);
    }

    private static long version(Map<String, Object> document) {
        return ((Number) document.get("version")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(List<Object> items) {
        return items.stream().filter(Map.class::isInstance).map((item) -> (Map<String, Object>) item).toList();
    }

}
