package io.portcullis.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.connection.AdminApi.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis scopes ...}: permissions on one resource each. */
@Command(name = "scopes", mixinStandardHelpOptions = true, description = "Scopes (permissions on a resource).",
        subcommands = { ScopesCommand.ListScopes.class, ScopesCommand.GetScope.class, ScopesCommand.CreateScope.class,
                ScopesCommand.UpdateScope.class, ScopesCommand.DeleteScope.class })
public final class ScopesCommand {

    static String path(String name) {
        return "/scopes/" + AdminApi.segment(name);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List scopes.")
    static final class ListScopes extends CliCommand {

        @Option(names = "--resource", description = "Only the scopes of this resource (name or URI).")
        String resource;

        @Override
        public Integer call() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("resource", this.resource);
            Response response = api().get("/scopes" + AdminApi.query(query));
            printer().print(response.body(), () -> Views.scopes(response.list()));
            return 0;
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one scope.")
    static final class GetScope extends CliCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Response response = api().get(path(this.name));
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a scope.")
    static final class CreateScope extends CliCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--resource", required = true, description = "The resource it belongs to (name or URI).")
        String resource;

        @Option(names = "--description")
        String description;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", this.name);
            body.put("resource", this.resource);
            body.put("description", this.description);
            Response response = api().send("POST", "/scopes", body, null);
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a scope's description or move it to another resource.")
    static final class UpdateScope extends CliCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description")
        String description;

        @Option(names = "--resource")
        String resource;

        @Option(names = "--if-match", paramLabel = "ETAG", description = "Change only if it still has this ETag.")
        String ifMatch;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (this.description != null) {
                body.put("description", this.description);
            }
            if (this.resource != null) {
                body.put("resource", this.resource);
            }
            if (body.isEmpty()) {
                throw io.portcullis.cli.CliException.usage("Nothing to change: give --description or --resource");
            }
            Response response = api().send("PATCH", path(this.name), body, ifMatch(path(this.name), this.ifMatch));
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a scope (refused while granted, unless --revoke-from-clients).")
    static final class DeleteScope extends CliCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--revoke-from-clients", description = "Take it from every client holding it first.")
        boolean revokeFromClients;

        @Option(names = "--if-match", paramLabel = "ETAG")
        String ifMatch;

        @Override
        public Integer call() {
            String etag = ifMatch(path(this.name), this.ifMatch);
            api().send("DELETE", path(this.name) + (this.revokeFromClients ? "?revokeFromClients=true" : ""), null,
                    etag);
            printer().print(Map.of("deleted", this.name), () -> "Deleted scope " + this.name);
            return 0;
        }

    }

}
