package io.portcullis.cli.apply;

import java.util.List;

/** What the declarative file manages, with the fields it compares. */
enum Kind {

    RESOURCE("resource", "/resources", "name", List.of("uri", "description")),

    SCOPE("scope", "/scopes", "name", List.of("resource", "description")),

    CLIENT("client", "/clients", "clientId", List.of("name", "enabled", "authenticationMethod", "accessTokenTimeToLive", "scopes",
            "defaultScopes", "jwks", "jwksUri", "assertionSigningAlgorithm"));

    private final String label;

    private final String collection;

    private final String keyField;

    private final List<String> fields;

    Kind(String label, String collection, String keyField, List<String> fields) {
        this.label = label;
        this.collection = collection;
        this.keyField = keyField;
        this.fields = fields;
    }

    /** Its collection in the admin API, e.g. {@code /resources}. */
    String collection() {
        return this.collection;
    }

    /** The field of its documents that names them (the key of the file's entries). */
    String keyField() {
        return this.keyField;
    }

    String label() {
        return this.label;
    }

    List<String> fields() {
        return this.fields;
    }

}
