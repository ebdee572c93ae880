package io.portcullis.cli.apply;

import java.util.List;

/** What the declarative file manages, with the fields it compares. */
enum Kind {

    RESOURCE("resource", List.of("uri", "description")),

    SCOPE("scope", List.of("resource", "description")),

    CLIENT("client", List.of("name", "enabled", "authenticationMethod", "accessTokenTimeToLive", "scopes",
            "defaultScopes", "jwks", "jwksUri", "assertionSigningAlgorithm"));

    private final String label;

    private final List<String> fields;

    Kind(String label, List<String> fields) {
        this.label = label;
        this.fields = fields;
    }

    String label() {
        return this.label;
    }

    List<String> fields() {
        return this.fields;
    }

}
