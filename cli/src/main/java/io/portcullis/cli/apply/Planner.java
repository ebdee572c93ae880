package io.portcullis.cli.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import io.portcullis.cli.CliException;
import io.portcullis.cli.apply.Plan.Action;
import io.portcullis.cli.apply.Plan.Change;
import io.portcullis.cli.apply.Plan.FieldChange;
import io.portcullis.cli.output.Json;

/**
 * Compares the file with the server. A field the file leaves out is not managed (left as the server has it), so a
 * short hand-written file and a full export both apply cleanly. Nothing is deleted without {@code prune}, and never
 * the auth-server's own resource and scopes nor the client the CLI is calling as.
 */
final class Planner {

    private final String issuer;

    private final String self;

    /**
     * @param issuer the auth-server's issuer: its own resource has this URI
     * @param self the client_id the CLI calls as
     */
    Planner(String issuer, String self) {
        this.issuer = issuer;
        this.self = self;
    }

    Plan plan(PlatformState desired, PlatformState actual, boolean prune) {
        List<String> errors = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<Change> deletions = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<String> protectedScopes = new java.util.HashSet<>();
        String ownResource = null;
        for (Entry resource : actual.resources().values()) {
            if (sameUri(this.issuer, resource.fields().get("uri"))) {
                ownResource = resource.key();
            }
        }
        for (Entry scope : actual.scopes().values()) {
            if (Objects.equals(scope.fields().get("resource"), ownResource)) {
                protectedScopes.add(scope.key());
            }
        }
        for (Entry resource : desired.resources().values()) {
            Entry current = actual.resources().get(resource.key());
            if (current != null && resource.fields().containsKey("uri")
                    && !sameUri(resource.fields().get("uri"), current.fields().get("uri"))) {
                errors.add(resource.where("uri") + ": the server's resource " + resource.key() + " has the URI "
                        + current.fields().get("uri") + "; a URI cannot change (it is the audience of issued "
                        + "tokens): give the new one another name");
            }
        }
        for (Entry client : desired.clients().values()) {
            for (String field : List.of("scopes", "defaultScopes")) {
                if (client.fields().get(field) instanceof List<?> scopes) {
                    for (Object scope : scopes) {
                        boolean known = desired.scopes().containsKey(scope) || (actual.scopes().containsKey(scope)
                                && (!prune || protectedScopes.contains(scope)));
                        if (!known) {
                            errors.add(client.where(field) + ": scope " + scope + (actual.scopes().containsKey(scope)
                                    ? " is not in the file and --prune would delete it" : " is neither in the file nor on the server"));
                        }
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw CliException.usage("The file cannot be applied to " + this.issuer, errors);
        }
        for (Kind kind : Kind.values()) {
            for (Entry wanted : desired.of(kind).values()) {
                Entry current = actual.of(kind).get(wanted.key());
                if (current == null) {
                    changes.add(new Change(Action.CREATE, kind, wanted.key(), creation(wanted), wanted, null));
                }
                else {
                    List<FieldChange> fields = differences(wanted, current);
                    if (!fields.isEmpty()) {
                        changes.add(new Change(Action.UPDATE, kind, wanted.key(), fields, wanted, current));
                    }
                }
            }
        }
        for (Kind kind : List.of(Kind.CLIENT, Kind.SCOPE, Kind.RESOURCE)) {
            for (Entry current : new TreeMap<>(actual.of(kind)).values()) {
                if (desired.of(kind).containsKey(current.key())) {
                    continue;
                }
                String reason = protection(kind, current, ownResource, protectedScopes);
                if (reason != null) {
                    // the auth-server's own resource and scopes are in no file (export leaves them out): no news
                    if (prune && kind == Kind.CLIENT) {
                        kept.add(kind.label() + " " + current.key() + " (" + reason + ")");
                    }
                }
                else if (prune) {
                    deletions.add(new Change(Action.DELETE, kind, current.key(), List.of(), null, current));
                }
            }
        }
        changes.addAll(deletions);
        return new Plan(List.copyOf(changes), List.copyOf(kept));
    }

    private String protection(Kind kind, Entry current, String ownResource, Set<String> protectedScopes) {
        return switch (kind) {
            case RESOURCE -> current.key().equals(ownResource) ? "the auth-server's own resource" : null;
            case SCOPE -> protectedScopes.contains(current.key()) ? "built into the platform" : null;
            case CLIENT -> current.key().equals(this.self) ? "the client this CLI is calling as" : null;
        };
    }

    private static List<FieldChange> creation(Entry wanted) {
        List<FieldChange> fields = new ArrayList<>();
        for (String field : wanted.kind().fields()) {
            if (wanted.fields().containsKey(field) && wanted.fields().get(field) != null) {
                fields.add(new FieldChange(field, null, wanted.fields().get(field)));
            }
        }
        return fields;
    }

    /** The fields the file gives that differ from the server's, compared by meaning (PT300S is PT5M). */
    static List<FieldChange> differences(Entry wanted, Entry current) {
        List<FieldChange> fields = new ArrayList<>();
        for (String field : wanted.kind().fields()) {
            if (!wanted.fields().containsKey(field)) {
                continue;
            }
            Object after = wanted.fields().get(field);
            Object before = current.fields().get(field);
            if (!Objects.equals(normalize(field, after), normalize(field, before))) {
                fields.add(new FieldChange(field, before, after));
            }
        }
        return fields;
    }

    static Object normalize(String field, Object value) {
        return switch (field) {
            case "description" -> (value == null) ? "" : String.valueOf(value);
            case "scopes", "defaultScopes" -> (value instanceof List<?> list)
                    ? list.stream().map(String::valueOf).sorted().distinct().toList() : List.of();
            case "accessTokenTimeToLive" -> (value == null) ? null : duration(String.valueOf(value));
            case "jwks" -> (value == null) ? null : sorted(Json.parse(Json.compact(value)));
            default -> value;
        };
    }

    private static Object duration(String value) {
        try {
            return Duration.parse(value);
        }
        catch (java.time.format.DateTimeParseException ex) {
            return value;
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>(Comparator.naturalOrder());
            map.forEach((key, item) -> sorted.put(String.valueOf(key), sorted(item)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Planner::sorted).toList();
        }
        return value;
    }

    static boolean sameUri(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return trim(String.valueOf(a)).equals(trim(String.valueOf(b)));
    }

    private static String trim(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

}
