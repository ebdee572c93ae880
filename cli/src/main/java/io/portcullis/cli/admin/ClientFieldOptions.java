package io.portcullis.cli.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliException;
import io.portcullis.cli.output.Json;
import picocli.CommandLine.Option;

/** The client fields that {@code clients create} and {@code clients update} set (a picocli mixin). */
final class ClientFieldOptions {

    @Option(names = "--name", description = "Display name.")
    String name;

    @Option(names = "--scopes", split = ",", paramLabel = "SCOPE", description = "Scopes it may request (comma-separated; replaces the list).")
    List<String> scopes;

    @Option(names = "--default-scopes", split = ",", paramLabel = "SCOPE", description = "Scopes it gets when it asks for none.")
    List<String> defaultScopes;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "Access token lifetime, ISO-8601 (e.g. PT5M).")
    String ttl;

    @Option(names = "--auth-method", paramLabel = "METHOD",
            description = "client_secret_basic, client_secret_post or private_key_jwt.")
    String authMethod;

    @Option(names = "--jwks-file", paramLabel = "FILE", description = "Its public JWK Set (private_key_jwt).")
    Path jwksFile;

    @Option(names = "--jwks-uri", paramLabel = "URL", description = "Where its JWK Set is published (private_key_jwt).")
    String jwksUri;

    @Option(names = "--assertion-alg", paramLabel = "ALG", description = "JWS algorithm of its client assertions.")
    String assertionAlgorithm;

    /** The fields given, as the admin API names them; those not given are left out (an update leaves them as they are). */
    Map<String, Object> fields() {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfSet(body, "name", this.name);
        putIfSet(body, "scopes", this.scopes);
        putIfSet(body, "defaultScopes", this.defaultScopes);
        putIfSet(body, "accessTokenTimeToLive", this.ttl);
        putIfSet(body, "authenticationMethod", this.authMethod);
        if (this.jwksFile != null) {
            try {
                body.put("jwks", Json.parse(Files.readString(this.jwksFile)));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            catch (IllegalArgumentException ex) {
                throw CliException.usage(this.jwksFile + " is not a JSON JWK Set: " + ex.getMessage());
            }
        }
        putIfSet(body, "jwksUri", this.jwksUri);
        putIfSet(body, "assertionSigningAlgorithm", this.assertionAlgorithm);
        return body;
    }

    private static void putIfSet(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }

}
