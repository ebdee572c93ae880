package io.portcullis.cli.apply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads values out of one YAML file's node tree, collecting every problem with its line and column instead of
 * stopping at the first, so that {@link PlatformFileReader} can report them all at once.
 */
final class NodeReader {

    private final String file;

    private final List<String> errors = new ArrayList<>();

    /** The mapping being read: a missing field is reported where its entry starts. */
    private Node entry;

    NodeReader(String file) {
        this.file = file;
    }

    /** Every problem found so far, each as "file:line:column: path: message". */
    List<String> errors() {
        return this.errors;
    }

    void put(Map<String, Object> values, Map<String, Location> at, String field, Object value,
            Map<String, NodeTuple> fields) {
        values.put(field, value);
        at.put(field, location(fields.get(field).getValueNode()));
    }

    /** The mapping's entries by key; unknown, duplicate and secret keys are reported. */
    Map<String, NodeTuple> mapping(Node node, String path, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, path.isEmpty() ? "the file" : path, "must be a mapping of fields");
            return null;
        }
        this.entry = node;
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                error(tuple.getKeyNode(), path, "field names must be plain words");
                continue;
            }
            String name = key.getValue();
            String where = path.isEmpty() ? name : path + "." + name;
            if (fields.containsKey(name)) {
                error(key, where, "is given twice");
            }
            else if (name.toLowerCase(java.util.Locale.ROOT).contains("secret")) {
                error(key, where, "secrets are never kept in this file: the server generates them and apply writes "
                        + "them once to --secrets-out (or prints them once)");
            }
            else if (!allowed.contains(name)) {
                error(key, where, "unknown field" + suggestion(name, allowed) + " (known: " + String.join(", ", allowed)
                        + ")");
            }
            else {
                fields.put(name, tuple);
            }
        }
        return fields;
    }

    List<Node> sequence(Object tupleOrNode, String path) {
        Node node = (tupleOrNode instanceof NodeTuple tuple) ? tuple.getValueNode() : (Node) tupleOrNode;
        if (node == null || (node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()))) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            error(node, path, "must be a list");
            return List.of();
        }
        return sequence.getValue();
    }

    String requiredString(Map<String, NodeTuple> fields, String field, String path, Pattern pattern,
            String message) {
        if (!fields.containsKey(field)) {
            this.errors.add(where(this.entry, path) + ": " + path + "." + field + ": is required");
            return null;
        }
        Node node = fields.get(field).getValueNode();
        String value = scalar(node, path + "." + field);
        if (value != null && value.isBlank()) {
            error(node, path + "." + field, "must not be blank");
            return null;
        }
        if (value != null && pattern != null && !pattern.matcher(value).matches()) {
            error(node, path + "." + field, message);
        }
        return value;
    }

    java.util.Optional<String> optionalString(Map<String, NodeTuple> fields, String field, String path,
            int max) {
        if (!fields.containsKey(field)) {
            return java.util.Optional.empty();
        }
        Node node = fields.get(field).getValueNode();
        String value = scalar(node, path + "." + field);
        if (value != null && value.length() > max) {
            error(node, path + "." + field, "must be at most " + max + " characters");
        }
        return java.util.Optional.ofNullable(value);
    }

    List<String> stringList(Map<String, NodeTuple> fields, String field, String path) {
        if (!fields.containsKey(field)) {
            return null;
        }
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Node> nodes = sequence(fields.get(field).getValueNode(), path + "." + field);
        for (int index = 0; index < nodes.size(); index++) {
            String value = scalar(nodes.get(index), path + "." + field + "[" + index + "]");
            if (value != null && !seen.add(value)) {
                error(nodes.get(index), path + "." + field + "[" + index + "]", value + " is listed twice");
            }
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    String scalar(Node node, String path) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            return scalar.getValue();
        }
        error(node, path, "must be a single value");
        return null;
    }

    /** A node as maps, lists, strings, numbers and booleans (for a JWK Set). */
    static Object plain(Node node) {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            mapping.getValue().forEach((tuple) -> map.put(((ScalarNode) tuple.getKeyNode()).getValue(),
                    plain(tuple.getValueNode())));
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().stream().map(NodeReader::plain).toList();
        }
        ScalarNode scalar = (ScalarNode) node;
        if (Tag.NULL.equals(scalar.getTag())) {
            return null;
        }
        if (Tag.BOOL.equals(scalar.getTag())) {
            return Boolean.parseBoolean(scalar.getValue());
        }
        if (Tag.INT.equals(scalar.getTag())) {
            return new java.math.BigInteger(scalar.getValue());
        }
        return scalar.getValue();
    }

    private static String suggestion(String name, List<String> allowed) {
        for (String candidate : allowed) {
            if (distance(name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT)) <= 2) {
                return " (did you mean " + candidate + "?)";
            }
        }
        return "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    void error(Node node, String path, String message) {
        this.errors.add(where(node, path) + ": " + path + ": " + message);
    }

    private String where(Node node, String path) {
        return (node != null) ? location(node).toString() : this.file;
    }

    Location location(Node node) {
        return new Location(this.file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    String at(Mark mark) {
        return (mark != null) ? this.file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) : this.file;
    }

}
