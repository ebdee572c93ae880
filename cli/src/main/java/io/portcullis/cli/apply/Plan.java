package io.portcullis.cli.apply;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.portcullis.cli.output.Json;

/**
 * What apply will do, in the order it does it: creations and updates of resources, scopes, clients, then deletions
 * in the reverse order, so that nothing is deleted while something in the file still needs it.
 *
 * @param changes the changes
 * @param kept entries not in the file that --prune leaves alone, and why
 */
record Plan(List<Change> changes, List<String> kept) {

    enum Action {

        CREATE("+"), UPDATE("~"), DELETE("-");

        private final String sign;

        Action(String sign) {
            this.sign = sign;
        }

        String sign() {
            return this.sign;
        }

    }

    /** One field's change; {@code before} is {@code null} for a creation. */
    record FieldChange(String field, Object before, Object after) {
    }

    /**
     * @param action what happens
     * @param kind to what
     * @param key its name
     * @param fields the fields set (create) or changed (update)
     * @param desired the file's entry ({@code null} for a deletion)
     * @param actual the server's entry ({@code null} for a creation)
     */
    record Change(Action action, Kind kind, String key, List<FieldChange> fields, Entry desired, Entry actual) {

        String title() {
            return this.action.sign() + " " + this.kind.label() + " " + this.key;
        }

    }

    boolean isEmpty() {
        return this.changes.isEmpty();
    }

    long count(Action action) {
        return this.changes.stream().filter((change) -> change.action() == action).count();
    }

    String summary() {
        return count(Action.CREATE) + " to create, " + count(Action.UPDATE) + " to update, " + count(Action.DELETE)
                + " to delete";
    }

    /** The plan as a diff: one line per change, then one per field ({@code before -> after} for updates). */
    String render() {
        StringBuilder text = new StringBuilder();
        for (Change change : this.changes) {
            text.append(change.title()).append('\n');
            for (FieldChange field : change.fields()) {
                text.append("    ").append(field.field()).append(": ");
                if (change.action() == Action.UPDATE) {
                    text.append(value(field.before())).append(" -> ");
                }
                text.append(value(field.after())).append('\n');
            }
        }
        return text.toString();
    }

    static String value(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?>) {
            return Json.compact(value);
        }
        if (value instanceof String text && text.isEmpty()) {
            return "\"\"";
        }
        return String.valueOf(value);
    }

}
