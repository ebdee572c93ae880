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
        Map<String, Entry> resources = entries(Kind.RESOURCE, maps(api.every(Kind.RESOURCE.collection())));
        Map<String, Entry> scopes = entries(Kind.SCOPE, maps(api.every(Kind.SCOPE.collection())));
        Map<String, Entry> clients = entries(Kind.CLIENT, maps(api.every(Kind.CLIENT.collection())));
        return new PlatformState(resources, scopes, clients);
    }

    /** The server's documents of one kind as entries: the fields apply compares, keyed by name, in server order. */
    private static Map<String, Entry> entries(Kind kind, List<Map<String, Object>> documents) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map<String, Object> document : documents) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (String field : kind.fields()) {
                fields.put(field, document.get(field));
            }
            String key = String.valueOf(document.get(kind.keyField()));
            entries.put(key, Entry.server(kind, key, fields, version(document)));
        }
        return entries;
    }

    private static long version(Map<String, Object> document) {
        return ((Number) document.get("version")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(List<Object> items) {
        return items.stream().filter(Map.class::isInstance).map((item) -> (Map<String, Object>) item).toList();
    }

}
