package io.portcullis.cli.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.CliException;
import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.connection.AdminApi.Response;
import io.portcullis.cli.connection.Json;
import io.portcullis.cli.output.SecretFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis clients ...}: who may obtain tokens, with which scopes, for how long. */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "Clients, their scopes and credentials.",
        subcommands = { ClientsCommand.ListClients.class, ClientsCommand.GetClient.class,
                ClientsCommand.CreateClient.class, ClientsCommand.UpdateClient.class, ClientsCommand.Enable.class,
                ClientsCommand.Disable.class, ClientsCommand.DeleteClient.class, ClientsCommand.RotateSecret.class,
                ClientsCommand.RevokeTokens.class, ClientsCommand.GrantScope.class, ClientsCommand.RevokeScope.class })
public final class ClientsCommand {

    static String path(String clientId) {
        return "/clients/" + AdminApi.segment(clientId);
    }

    /** Shows a response that carries a secret: the secret goes to the file if one is named, else it is printed once. */
    static void printWithSecret(io.portcullis.cli.output.Printer printer, Response response,
            Path secretOut, java.io.PrintWriter err) {
        Map<String, Object> body = new LinkedHashMap<>(response.map());
        Object secret = body.get("clientSecret");
        if (secret != null && secretOut != null) {
            new SecretFile(secretOut).append(String.valueOf(body.get("clientId")), String.valueOf(secret));
            body.remove("clientSecret");
            err.println("The secret of " + body.get("clientId") + " was written to " + secretOut);
        }
        printer.print(body, () -> Views.details(body, response.etag())
                + ((secret != null && secretOut == null) ? "The secret is shown this once: store it now.\n" : ""));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clients (one page, or --all).")
    static final class ListClients extends CliCommand {

        @Option(names = "--name", description = "Name contains.")
        String name;

        @Option(names = "--scope", description = "Holds this scope.")
        String scope;

        @Option(names = "--enabled", arity = "1", description = "true or false.")
        Boolean enabled;

        @Option(names = "--page", defaultValue = "0")
        int page;

        @Option(names = "--size", defaultValue = "20", description = "Page size, 1..100 (default ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--all", description = "Every page.")
        boolean all;

        @Override
        public Integer call() {
            List<Object> items = new ArrayList<>();
            int current = this.all ? 0 : this.page;
            int pageSize = this.all ? 100 : this.size;
            Map<String, Object> last;
            int fetched;
            do {
                Map<String, Object> query = new LinkedHashMap<>();
                query.put("name", this.name);
                query.put("scope", this.scope);
                query.put("enabled", this.enabled);
                query.put("page", current);
                query.put("size", pageSize);
                last = api().get("/clients" + AdminApi.query(query)).map();
                List<?> page = (last.get("items") instanceof List<?> list) ? list : List.of();
                items.addAll(page);
                fetched = page.size();
                current++;
            }
            while (this.all && fetched > 0 && items.size() < ((Number) last.getOrDefault("totalItems", 0)).longValue());
            Object data = this.all ? items : last;
            long total = ((Number) last.getOrDefault("totalItems", 0)).longValue();
            printer().print(data, () -> Views.clients(items)
                    + (this.all ? "" : "page " + this.page + ", " + items.size() + " of " + total + " clients\n"));
            return 0;
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one client (never its secret).")
    static final class GetClient extends CliCommand {

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            Response response = api().get(path(this.clientId));
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    /** Fields shared by create and update. */
    abstract static class ClientFields extends CliCommand {

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

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a client; its secret is shown once (or written to --secret-out).")
    static final class CreateClient extends ClientFields {

        @Parameters(paramLabel = "CLIENT_ID", arity = "0..1", description = "Its client_id (default: made from the name).")
        String clientId;

        @Option(names = "--secret-out", paramLabel = "FILE", description = "Append the secret to this file (0600) instead of printing it.")
        Path secretOut;

        @Override
        public Integer call() {
            if (this.name == null) {
                throw CliException.usage("Missing required option: '--name=<name>'");
            }
            if (this.secretOut != null) {
                new SecretFile(this.secretOut).check();
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (this.clientId != null) {
                body.put("clientId", this.clientId);
            }
            body.putAll(fields());
            Response response = api().send("POST", "/clients", body, null);
            printWithSecret(printer(), response, this.secretOut, err());
            return 0;
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a client's fields.")
    static final class UpdateClient extends ClientFields {

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Option(names = "--if-match", paramLabel = "ETAG", description = "Change only if it still has this ETag.")
        String ifMatch;

        @Override
        public Integer call() {
            Map<String, Object> body = fields();
            if (body.isEmpty()) {
                throw CliException.usage("Nothing to change: give at least one field option (see --help)");
            }
            Response response = api().send("PATCH", path(this.clientId), body, ifMatch(path(this.clientId), this.ifMatch));
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    /** A change of one client addressed by id, guarded by its ETag. */
    abstract static class ClientChange extends CliCommand {

        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Option(names = "--if-match", paramLabel = "ETAG", description = "Change only if it still has this ETag.")
        String ifMatch;

        String etag() {
            return ifMatch(path(this.clientId), this.ifMatch);
        }

        int show(Response response) {
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled client obtain and use tokens again.")
    static final class Enable extends ClientChange {

        @Override
        public Integer call() {
            return show(api().send("PATCH", path(this.clientId), Map.of("enabled", true), etag()));
        }

    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop a client: no new tokens, its tokens refused at the edge within seconds.")
    static final class Disable extends ClientChange {

        @Override
        public Integer call() {
            return show(api().send("PATCH", path(this.clientId), Map.of("enabled", false), etag()));
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a client.")
    static final class DeleteClient extends ClientChange {

        @Override
        public Integer call() {
            api().send("DELETE", path(this.clientId), null, etag());
            printer().print(Map.of("deleted", this.clientId), () -> "Deleted client " + this.clientId);
            return 0;
        }

    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "New secret, shown once; the previous one works for --grace (default: the server's, PT0S ends it now).")
    static final class RotateSecret extends ClientChange {

        @Option(names = "--grace", paramLabel = "DURATION", description = "How long the previous secret stays valid (ISO-8601).")
        String grace;

        @Option(names = "--secret-out", paramLabel = "FILE", description = "Append the secret to this file (0600) instead of printing it.")
        Path secretOut;

        @Override
        public Integer call() {
            if (this.secretOut != null) {
                new SecretFile(this.secretOut).check();
            }
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("gracePeriod", this.grace);
            Response response = api().send("POST", path(this.clientId) + "/secret" + AdminApi.query(query), null, etag());
            printWithSecret(printer(), response, this.secretOut, err());
            return 0;
        }

    }

    @Command(name = "revoke-tokens", mixinStandardHelpOptions = true, description = "Revoke every token the client was issued so far.")
    static final class RevokeTokens extends ClientChange {

        @Override
        public Integer call() {
            return show(api().send("POST", path(this.clientId) + "/tokens/revoke", null, etag()));
        }

    }

    @Command(name = "grant-scope", mixinStandardHelpOptions = true, description = "Grant one scope to a client.")
    static final class GrantScope extends ClientChange {

        @Parameters(index = "1", paramLabel = "SCOPE")
        String scope;

        @Option(names = "--default", description = "Make it one of the client's default scopes.")
        boolean isDefault;

        @Override
        public Integer call() {
            Object body = this.isDefault ? Map.of("isDefault", true) : null;
            return show(api().send("PUT", path(this.clientId) + "/scopes/" + AdminApi.segment(this.scope), body, etag()));
        }

    }

    @Command(name = "revoke-scope", mixinStandardHelpOptions = true,
            description = "Take one scope from a client: its tokens carrying it are refused at the edge.")
    static final class RevokeScope extends ClientChange {

        @Parameters(index = "1", paramLabel = "SCOPE")
        String scope;

        @Override
        public Integer call() {
            return show(api().send("DELETE", path(this.clientId) + "/scopes/" + AdminApi.segment(this.scope), null,
                    etag()));
        }

    }

}
