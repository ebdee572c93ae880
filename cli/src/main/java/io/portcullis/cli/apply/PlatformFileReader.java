package io.portcullis.cli.apply;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
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
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
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

    private final NodeReader nodes;

    private PlatformFileReader(String file) {
        this.file = file;
        this.nodes = new NodeReader(file);
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
            throw CliException.usage("Invalid " + this.file, List.of(this.nodes.at(mark) + ": " + ex.getProblem()));
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
        Map<String, NodeTuple> top = this.nodes.mapping(root, "", ROOT_FIELDS);
        if (top != null) {
            for (Node node : this.nodes.sequence(top.get("resources"), "resources")) {
                readResource(node, "resources[" + resources.size() + "]", resources, scopes);
            }
            List<Node> clientNodes = this.nodes.sequence(top.get("clients"), "clients");
            for (int index = 0; index < clientNodes.size(); index++) {
                readClient(clientNodes.get(index), "clients[" + index + "]", clients);
            }
        }
        if (!this.nodes.errors().isEmpty()) {
            throw CliException.usage(this.file + " has " + this.nodes.errors().size() + " error(s)",
                    this.nodes.errors());
        }
        return new PlatformState(resources, scopes, clients);
    }

    private void readResource(Node node, String path, Map<String, Entry> resources, Map<String, Entry> scopes) {
        Map<String, NodeTuple> fields = this.nodes.mapping(node, path, RESOURCE_FIELDS);
        if (fields == null) {
            resources.put("#" + resources.size(), null);
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Location> at = new HashMap<>();
        String name = this.nodes.requiredString(fields, "name", path, RESOURCE_NAME,
                "must be 1 to 100 lower-case letters, digits or '-', starting with a letter");
        String uri = this.nodes.requiredString(fields, "uri", path, null, null);
        if (uri != null) {
            try {
                if (!URI.create(uri).isAbsolute()) {
                    this.nodes.error(fields.get("uri").getValueNode(), path + ".uri", "must be an absolute URI");
                }
            }
            catch (IllegalArgumentException ex) {
                this.nodes.error(fields.get("uri").getValueNode(), path + ".uri", "is not a URI");
            }
            this.nodes.put(values, at, "uri", uri, fields);
        }
        this.nodes.optionalString(fields, "description", path, 500).ifPresent((d) -> this.nodes.put(values, at,
                "description", d, fields));
        String key = (name != null) ? name : "#" + resources.size();
        if (name != null && resources.containsKey(name)) {
            this.nodes.error(fields.get("name").getValueNode(), path + ".name",
                    "resource " + name + " is listed twice");
        }
        resources.put(key, new Entry(Kind.RESOURCE, key, values, at, this.nodes.location(node), path, -1));
        Node scopesNode = fields.containsKey("scopes") ? fields.get("scopes").getValueNode() : null;
        List<Node> scopeNodes = this.nodes.sequence(scopesNode, path + ".scopes");
        for (int index = 0; index < scopeNodes.size(); index++) {
            readScope(scopeNodes.get(index), path + ".scopes[" + index + "]", key, scopes);
        }
    }

    private void readScope(Node node, String path, String resource, Map<String, Entry> scopes) {
        Map<String, NodeTuple> fields = this.nodes.mapping(node, path, SCOPE_FIELDS);
        if (fields == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Location> at = new HashMap<>();
        String name = this.nodes.requiredString(fields, "name", path, SCOPE_NAME,
                "must be 1 to 100 lower-case letters, digits, '_', '.', ':' or '-', starting with a letter");
        values.put("resource", resource);
        this.nodes.optionalString(fields, "description", path, 500).ifPresent((d) -> this.nodes.put(values, at,
                "description", d, fields));
        if (name == null) {
            return;
        }
        if (scopes.containsKey(name)) {
            this.nodes.error(fields.get("name").getValueNode(), path + ".name", "scope " + name + " is listed twice");
        }
        scopes.put(name, new Entry(Kind.SCOPE, name, values, at, this.nodes.location(node), path, -1));
    }

    private void readClient(Node node, String path, Map<String, Entry> clients) {
        Map<String, NodeTuple> fields = this.nodes.mapping(node, path, CLIENT_FIELDS);
        if (fields == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Location> at = new HashMap<>();
        String clientId = this.nodes.requiredString(fields, "clientId", path, CLIENT_ID,
                "must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit");
        String name = this.nodes.requiredString(fields, "name", path, null, null);
        if (name != null) {
            if (name.length() > 200) {
                this.nodes.error(fields.get("name").getValueNode(), path + ".name", "must be at most 200 characters");
            }
            this.nodes.put(values, at, "name", name, fields);
        }
        if (fields.containsKey("enabled")) {
            Node value = fields.get("enabled").getValueNode();
            if (value instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
                this.nodes.put(values, at, "enabled", Boolean.parseBoolean(scalar.getValue()), fields);
            }
            else {
                this.nodes.error(value, path + ".enabled", "must be true or false");
            }
        }
        this.nodes.optionalString(fields, "authenticationMethod", path, 100).ifPresent((method) -> {
            if (!METHODS.contains(method)) {
                this.nodes.error(fields.get("authenticationMethod").getValueNode(), path + ".authenticationMethod",
                        "must be one of client_secret_basic, client_secret_post, private_key_jwt");
            }
            this.nodes.put(values, at, "authenticationMethod", method, fields);
        });
        this.nodes.optionalString(fields, "accessTokenTimeToLive", path, 100).ifPresent((ttl) -> {
            try {
                Duration duration = Duration.parse(ttl);
                if (duration.isNegative() || duration.isZero()) {
                    this.nodes.error(fields.get("accessTokenTimeToLive").getValueNode(),
                            path + ".accessTokenTimeToLive",
                            "must be positive");
                }
                this.nodes.put(values, at, "accessTokenTimeToLive", duration.toString(), fields);
            }
            catch (DateTimeParseException ex) {
                this.nodes.error(fields.get("accessTokenTimeToLive").getValueNode(), path + ".accessTokenTimeToLive",
                        "must be an ISO-8601 duration such as PT5M");
            }
        });
        List<String> scopes = this.nodes.stringList(fields, "scopes", path);
        if (scopes != null) {
            this.nodes.put(values, at, "scopes", scopes.stream().sorted().distinct().toList(), fields);
        }
        List<String> defaults = this.nodes.stringList(fields, "defaultScopes", path);
        if (defaults != null) {
            this.nodes.put(values, at, "defaultScopes", defaults.stream().sorted().distinct().toList(), fields);
            if (scopes != null) {
                defaults.stream()
                    .filter((scope) -> !scopes.contains(scope))
                    .forEach((scope) -> this.nodes.error(fields.get("defaultScopes").getValueNode(),
                            path + ".defaultScopes",
                            scope + " is not one of the client's scopes"));
            }
        }
        if (fields.containsKey("jwks")) {
            Node value = fields.get("jwks").getValueNode();
            Object jwks = NodeReader.plain(value);
            if (!(jwks instanceof Map<?, ?> set) || !(set.get("keys") instanceof List<?>)) {
                this.nodes.error(value, path + ".jwks", "must be a JWK Set: a mapping with a list of keys");
            }
            this.nodes.put(values, at, "jwks", jwks, fields);
        }
        this.nodes.optionalString(fields, "jwksUri", path, 1000).ifPresent((uri) -> this.nodes.put(values, at,
                "jwksUri", uri, fields));
        this.nodes.optionalString(fields, "assertionSigningAlgorithm", path, 20)
            .ifPresent((alg) -> this.nodes.put(values, at, "assertionSigningAlgorithm", alg, fields));
        if (clientId == null) {
            return;
        }
        if (clients.containsKey(clientId)) {
            this.nodes.error(fields.get("clientId").getValueNode(), path + ".clientId",
                    "client " + clientId + " is listed twice");
        }
        clients.put(clientId, new Entry(Kind.CLIENT, clientId, values, at, this.nodes.location(node), path, -1));
    }

}
