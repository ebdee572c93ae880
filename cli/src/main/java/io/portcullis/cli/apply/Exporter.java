package io.portcullis.cli.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.portcullis.cli.output.Printer;

/**
 * The server's state in the file format apply reads, sorted by name so that exports diff well in git. The
 * auth-server's own resource and its built-in scopes are left out: every server has them (named by its own issuer),
 * apply never deletes them, and without them an export of staging applies to production.
 */
final class Exporter {

    private Exporter() {
    }

    static String yaml(PlatformState state, String header, String issuer) {
        List<Object> resources = new ArrayList<>();
        for (Entry resource : new TreeMap<>(state.resources()).values()) {
            if (Planner.sameUri(issuer, resource.fields().get("uri"))) {
                continue;
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("name", resource.key());
            document.put("uri", resource.fields().get("uri"));
            putIfPresent(document, "description", resource.fields().get("description"));
            List<Object> scopes = new ArrayList<>();
            for (Entry scope : new TreeMap<>(state.scopes()).values()) {
                if (Objects.equals(scope.fields().get("resource"), resource.key())) {
                    Map<String, Object> scopeDocument = new LinkedHashMap<>();
                    scopeDocument.put("name", scope.key());
                    putIfPresent(scopeDocument, "description", scope.fields().get("description"));
                    scopes.add(scopeDocument);
                }
            }
            if (!scopes.isEmpty()) {
                document.put("scopes", scopes);
            }
            resources.add(document);
        }
        List<Object> clients = new ArrayList<>();
        for (Entry client : new TreeMap<>(state.clients()).values()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("clientId", client.key());
            for (String field : Kind.CLIENT.fields()) {
                putIfPresent(document, field, client.fields().get(field));
            }
            clients.add(document);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("resources", resources);
        root.put("clients", clients);
        return header + Printer.yaml(root);
    }

    private static void putIfPresent(Map<String, Object> document, String field, Object value) {
        if (value != null && !(value instanceof String text && text.isEmpty())) {
            document.put(field, value);
        }
    }

}
