package io.portcullis.cli.apply;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.portcullis.cli.CliException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the declarative file through SnakeYAML's node tree, which keeps every node's line and column, and checks it
 * before anything is sent: every error is reported at once, each pointing at its place in the file. The rules
 * mirror the admin API's (names, lifetimes, methods) so that a typo is caught on the laptop, not half-way through.
 */
final class PlatformFileReader {

    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,99}");

    private static final Pattern SCOPE_NAME = Pattern.compile("[a-z][a-z0-9_.:-]{0,99}");

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private static final Set<String> METHODS = Set.of("client_secret_basic", "client_secret_post", "private_key_jwt");

    private static final List<String> ROOT_FIELDS = List.of("resources", "clients");

    private static final List<String> RESOURCE_FIELDS = List.of("name", "uri", "description", "scopes");

    private static final List<String> SCOPE_FIELDS = List.of("name", "description");

    private static final List<String> CLIENT_FIELDS = List.of("clientId", "name", "enabled", "authenticationMethod",
            "accessTokenTimeToLive", "scopes", "defaultScopes", "jwks", "jwksUri", "assertionSigningAlgorithm");

    private final String file;

    private final List<String> errors = new ArrayList<>();

    /** The mapping being read: a missing field is reported where its entry starts. */
    private Node entry;

    private PlatformFileReader(String file) {
        this.file = file;
    }

    /** The file's content, or a usage error listing every problem with its line. */
    static PlatformState read(String file, String text) {
        return new PlatformFileReader(file).read(text);
    }

    private PlatformState read(String text) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        }
        catch (MarkedYAMLException ex) {
            Mark mark = (ex.getProblemMark() != null) ? ex.getProblemMark() : ex.getContextMark();
            throw CliException.usage("Invalid " + this.file, List.of(at(mark) + ": " + ex.getProblem()));
        }
        catch (YAMLException ex) {
            throw CliException.usage("Invalid " + this.file + ": " + ex.getMessage());
        }
        Map<String, Entry> resources = new LinkedHashMap<>();
        Map<String, Entry> scopes = new LinkedHashMap<>();
        Map<String, Entry> clients = new LinkedHashMap<>();
        if (root == null) {
            throw CliException.usage(this.file + " is empty: it should list resources and clients");
        }
        Map<String, NodeTuple> top = mapping(root, "", ROOT_FIELDS);
        if (top != null) {
            for (Node node : sequence(top.get("resources"), "resources")) {
                readResource(node, "resources[" + resources.size() + "]", resources, scopes);
            }
            List<Node> clientNodes = sequence(top.get("clients"), "clients");
            for (int index = 0; index < clientNodes.size(); index++) {
                readClient(clientNodes.get(index), "clients[" + index + "]", clients);
            }
        }
        if (!this.errors.isEmpty()) {
            throw CliException.usage(this.file + " has " + this.errors.size() + " error(s)", this.errors);
        }
        return new PlatformState(resources, scopes, clients);
    }

    private void readResource(Node node, String path, Map<String, Entry> resources, Map<String, Entry> scopes) {
        Map<String, NodeTuple> fields = mapping(node, path, RESOURCE_FIELDS);
        if (fields == null) {
            resources.put("#" + resources.size(), null);
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Location> at = new HashMap<>();
        String name = requiredString(fields, "name", path, RESOURCE_NAME,
                "must be 1 to 100 lower-case letters, digits or '-', starting with a letter");
        String uri = requiredString(fields, "uri", path, null, null);
        if (uri != null) {
            try {
                if (!URI.create(uri).isAbsolute()) {
                    error(fields.get("uri").getValueNode(), path + ".uri", "must be an absolute URI");
                }
            }
            catch (IllegalArgumentException ex) {
                error(fields.get("uri").getValueNode(), path + ".uri", "is not a URI");
            }
            put(values, at, "uri", uri, fields);
        }
        optionalString(fields, "description", path, 500).ifPresent((d) -> put(values, at, "description", d, fields));
        String key = (name != null) ? name : "#" + resources.size();
        if (name != null && resources.containsKey(name)) {
            error(fields.get("name").getValueNode(), path + ".name", "resource " + name + " is listed twice");
        }
        resources.put(key, new Entry(Kind.RESOURCE, key, values, at, location(node), path, -1));
        List<Node> scopeNodes = sequence(fields.containsKey("scopes") ? fields.get("scopes").getValueNode() : null,
                path + ".scopes");
        for (int index = 0; index < scopeNodes.size(); index++) {
            readScope(scopeNodes.get(index), path + ".scopes[" + index + "]", key, scopes);
        }
    }

    private void readScope(Node node, String path, String resource, Map<String, Entry> scopes) {
        Map<String, NodeTuple> fields = mapping(node, path, SCOPE_FIELDS);
        if (fields == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Location> at = new HashMap<>();
        String name = requiredString(fields, "name", path, SCOPE_NAME,
                "must be 1 to 100 lower-case letters, digits, '_', '.', ':' or '-', starting with a letter");
        values.put("resource", resource);
        optionalString(fields, "description", path, 500).ifPresent((d) -> put(values, at, "description", d, fields));
        if (name == null) {
            return;
        }
        if (scopes.containsKey(name)) {
            error(fields.get("name").getValueNode(), path + ".name", "scope " + name + " is listed twice");
        }
        scopes.put(name, new Entry(Kind.SCOPE, name, values, at, location(node), path, -1));
    }

    private void readClient(Node node, String path, Map<String, Entry> clients) {
        Map<String, NodeTuple> fields = mapping(node, path, CLIENT_FIELDS);
        if (fields == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Location> at = new HashMap<>();
        String clientId = requiredString(fields, "clientId", path, CLIENT_ID,
                "must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit");
        String name = requiredString(fields, "name", path, null, null);
        if (name != null) {
            if (name.length() > 200) {
                error(fields.get("name").getValueNode(), path + ".name", "must be at most 200 characters");
            }
            put(values, at, "name", name, fields);
        }
        if (fields.containsKey("enabled")) {
            Node value = fields.get("enabled").getValueNode();
            if (value instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
                put(values, at, "enabled", Boolean.parseBoolean(scalar.getValue()), fields);
            }
            else {
                error(value, path + ".enabled", "must be true or false");
            }
        }
        optionalString(fields, "authenticationMethod", path, 100).ifPresent((method) -> {
            if (!METHODS.contains(method)) {
                error(fields.get("authenticationMethod").getValueNode(), path + ".authenticationMethod",
                        "must be one of client_secret_basic, client_secret_post, private_key_jwt");
            }
            put(values, at, "authenticationMethod", method, fields);
        });
        optionalString(fields, "accessTokenTimeToLive", path, 100).ifPresent((ttl) -> {
            try {
                Duration duration = Duration.parse(ttl);
                if (duration.isNegative() || duration.isZero()) {
                    error(fields.get("accessTokenTimeToLive").getValueNode(), path + ".accessTokenTimeToLive",
                            "must be positive");
                }
                put(values, at, "accessTokenTimeToLive", duration.toString(), fields);
            }
            catch (DateTimeParseException ex) {
                error(fields.get("accessTokenTimeToLive").getValueNode(), path + ".accessTokenTimeToLive",
                        "must be an ISO-8601 duration such as PT5M");
            }
        });
        List<String> scopes = stringList(fields, "scopes", path);
        if (scopes != null) {
            put(values, at, "scopes", scopes.stream().sorted().distinct().toList(), fields);
        }
        List<String> defaults = stringList(fields, "defaultScopes", path);
        if (defaults != null) {
            put(values, at, "defaultScopes", defaults.stream().sorted().distinct().toList(), fields);
            if (scopes != null) {
                defaults.stream()
                    .filter((scope) -> !scopes.contains(scope))
                    .forEach((scope) -> error(fields.get("defaultScopes").getValueNode(), path + ".defaultScopes",
                            scope + " is not one of the client's scopes"));
            }
        }
        if (fields.containsKey("jwks")) {
            Node value = fields.get("jwks").getValueNode();
            Object jwks = plain(value);
            if (!(jwks instanceof Map<?, ?> set) || !(set.get("keys") instanceof List<?>)) {
                error(value, path + ".jwks", "must be a JWK Set: a mapping with a list of keys");
            }
            put(values, at, "jwks", jwks, fields);
        }
        optionalString(fields, "jwksUri", path, 1000).ifPresent((uri) -> put(values, at, "jwksUri", uri, fields));
        optionalString(fields, "assertionSigningAlgorithm", path, 20)
            .ifPresent((alg) -> put(values, at, "assertionSigningAlgorithm", alg, fields));
        if (clientId == null) {
            return;
        }
        if (clients.containsKey(clientId)) {
            error(fields.get("clientId").getValueNode(), path + ".clientId", "client " + clientId + " is listed twice");
        }
        clients.put(clientId, new Entry(Kind.CLIENT, clientId, values, at, location(node), path, -1));
    }

    private void put(Map<String, Object> values, Map<String, Location> at, String field, Object value,
            Map<String, NodeTuple> fields) {
        values.put(field, value);
        at.put(field, location(fields.get(field).getValueNode()));
    }

    /** The mapping's entries by key; unknown, duplicate and secret keys are reported. */
    private Map<String, NodeTuple> mapping(Node node, String path, List<String> allowed) {
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

    private List<Node> sequence(Object tupleOrNode, String path) {
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

    private String requiredString(Map<String, NodeTuple> fields, String field, String path, Pattern pattern,
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

    private java.util.Optional<String> optionalString(Map<String, NodeTuple> fields, String field, String path,
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

    private List<String> stringList(Map<String, NodeTuple> fields, String field, String path) {
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

    private String scalar(Node node, String path) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            return scalar.getValue();
        }
        error(node, path, "must be a single value");
        return null;
    }

    /** A node as maps, lists, strings, numbers and booleans (for a JWK Set). */
    private static Object plain(Node node) {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            mapping.getValue().forEach((tuple) -> map.put(((ScalarNode) tuple.getKeyNode()).getValue(),
                    plain(tuple.getValueNode())));
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue().stream().map(PlatformFileReader::plain).toList();
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

    private void error(Node node, String path, String message) {
        this.errors.add(where(node, path) + ": " + path + ": " + message);
    }

    private String where(Node node, String path) {
        return (node != null) ? location(node).toString() : this.file;
    }

    private Location location(Node node) {
        return new Location(this.file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    private String at(Mark mark) {
        return (mark != null) ? this.file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) : this.file;
    }

}
