package io.portcullis.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.CliException;
import io.portcullis.cli.connection.AdminApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    static final class ListScopes extends AdminCommand {

        @Option(names = "--resource", description = "Only the scopes of this resource (name or URI).")
        String resource;

        @Override
        public Integer call() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("resource", this.resource);
            return showList(api().get("/scopes" + AdminApi.query(query)), Views::scopes);
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one scope.")
    static final class GetScope extends AdminCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return show(api().get(path(this.name)));
        }

    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a scope.")
    static final class CreateScope extends AdminCommand {

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
            return show(api().send("POST", "/scopes", body, null));
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a scope's description or move it to another resource.")
    static final class UpdateScope extends AdminCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description")
        String description;

        @Option(names = "--resource")
        String resource;

        @Mixin
        IfMatchOption ifMatch;

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
                throw CliException.usage("Nothing to change: give --description or --resource");
            }
            return show(change("PATCH", path(this.name), body, this.ifMatch));
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a scope (refused while granted, unless --revoke-from-clients).")
    static final class DeleteScope extends AdminCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--revoke-from-clients", description = "Take it from every client holding it first.")
        boolean revokeFromClients;

        @Mixin
        IfMatchOption ifMatch;

        @Override
        public Integer call() {
            change("DELETE", path(this.name),
                    path(this.name) + (this.revokeFromClients ? "?revokeFromClients=true" : ""), null, this.ifMatch);
            return deleted("scope", this.name);
        }

    }

}
