package io.portcullis.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliException;
import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.connection.AdminApi.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clients (one page, or --all).")
    static final class ListClients extends AdminCommand {

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
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("name", this.name);
            query.put("scope", this.scope);
            query.put("enabled", this.enabled);
            query.put("page", current);
            query.put("size", this.all ? 100 : this.size);
            Map<String, Object> last;
            int fetched;
            do {
                query.put("page", current++); // a re-put keeps its place: page stays before size
                last = api().get("/clients" + AdminApi.query(query)).map();
                List<Object> page = Views.items(last);
                items.addAll(page);
                fetched = page.size();
            }
            while (this.all && fetched > 0 && items.size() < Views.totalItems(last));
            Object data = this.all ? items : last;
            long total = Views.totalItems(last);
            printer().print(data, () -> Views.clients(items)
                    + (this.all ? "" : "page " + this.page + ", " + items.size() + " of " + total + " clients\n"));
            return 0;
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one client (never its secret).")
    static final class GetClient extends AdminCommand {

        @Parameters(paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            return show(api().get(path(this.clientId)));
        }

    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a client; its secret is shown once (or written to --secret-out).")
    static final class CreateClient extends AdminCommand {

        @Parameters(paramLabel = "CLIENT_ID", arity = "0..1", description = "Its client_id (default: made from the name).")
        String clientId;

        @Mixin
        ClientFieldOptions fields;

        @Mixin
        SecretOutOption secretOut;

        @Override
        public Integer call() {
            if (this.fields.name == null) {
                throw CliException.usage("Missing required option: '--name=<name>'");
            }
            this.secretOut.check();
            Map<String, Object> body = new LinkedHashMap<>();
            if (this.clientId != null) {
                body.put("clientId", this.clientId);
            }
            body.putAll(this.fields.fields());
            return this.secretOut.print(printer(), api().send("POST", "/clients", body, null), err());
        }

    }

    /** A change of one client addressed by id, guarded by its ETag. */
    abstract static class ClientChange extends AdminCommand {

        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Mixin
        IfMatchOption ifMatch;

        /** Sends {@code method} to the client's own path plus {@code subPath}, with the client's ETag. */
        Response send(String method, String subPath, Object body) {
            return change(method, path(this.clientId), path(this.clientId) + subPath, body, this.ifMatch);
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a client's fields.")
    static final class UpdateClient extends ClientChange {

        @Mixin
        ClientFieldOptions fields;

        @Override
        public Integer call() {
            Map<String, Object> body = this.fields.fields();
            if (body.isEmpty()) {
                throw CliException.usage("Nothing to change: give at least one field option (see --help)");
            }
            return show(send("PATCH", "", body));
        }

    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled client obtain and use tokens again.")
    static final class Enable extends ClientChange {

        @Override
        public Integer call() {
            return show(send("PATCH", "", Map.of("enabled", true)));
        }

    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop a client: no new tokens, its tokens refused at the edge within seconds.")
    static final class Disable extends ClientChange {

        @Override
        public Integer call() {
            return show(send("PATCH", "", Map.of("enabled", false)));
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a client.")
    static final class DeleteClient extends ClientChange {

        @Override
        public Integer call() {
            send("DELETE", "", null);
            return deleted("client", this.clientId);
        }

    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "New secret, shown once; the previous one works for --grace (default: the server's, PT0S ends it now).")
    static final class RotateSecret extends ClientChange {

        @Option(names = "--grace", paramLabel = "DURATION", description = "How long the previous secret stays valid (ISO-8601).")
        String grace;

        @Mixin
        SecretOutOption secretOut;

        @Override
        public Integer call() {
            this.secretOut.check();
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("gracePeriod", this.grace);
            return this.secretOut.print(printer(), send("POST", "/secret" + AdminApi.query(query), null), err());
        }

    }

    @Command(name = "revoke-tokens", mixinStandardHelpOptions = true, description = "Revoke every token the client was issued so far.")
    static final class RevokeTokens extends ClientChange {

        @Override
        public Integer call() {
            return show(send("POST", "/tokens/revoke", null));
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
            return show(send("PUT", "/scopes/" + AdminApi.segment(this.scope), body));
        }

    }

    @Command(name = "revoke-scope", mixinStandardHelpOptions = true,
            description = "Take one scope from a client: its tokens carrying it are refused at the edge.")
    static final class RevokeScope extends ClientChange {

        @Parameters(index = "1", paramLabel = "SCOPE")
        String scope;

        @Override
        public Integer call() {
            return show(send("DELETE", "/scopes/" + AdminApi.segment(this.scope), null));
        }

    }

}
