package io.portcullis.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.CliException;
import io.portcullis.cli.connection.AdminApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code portcullis scopes ...}: permissions on one resource each. */
@Command(name = "scopes", mixinStandardHelpOptions = true, description = "Scopes (permissions on a resource).",
        subcommands = { ScopesCommand.ListScopes.class, ScopesCommand.GetScope.class, ScopesCommand.CreateScope.class,
                ScopesCommand.UpdateScope.class, ScopesCommand.DeleteScope.class })
public final class ScopesCommand {

    private static final String COLLECTION = "/scopes";

    /** A command on one scope. */
    abstract static class ScopeCommand extends NamedDocumentCommand {

        ScopeCommand() {
            super(COLLECTION, "scope");
        }

    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List scopes.")
    static final class ListScopes extends AdminCommand {

        @Option(names = "--resource", description = "Only the scopes of this resource (name or URI).")
        String resource;

        @Override
        public Integer call() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("resource", this.resource);
            return showList(COLLECTION + AdminApi.query(query), Views::scopes);
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one scope.")
    static final class GetScope extends ScopeCommand {

        @Override
        public Integer call() {
            return get();
        }

    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a scope.")
    static final class CreateScope extends ScopeCommand {

        @Option(names = "--resource", required = true, description = "The resource it belongs to (name or URI).")
        String resource;

        @Option(names = "--description")
        String description;

        @Override
        public Integer call() {
            return create("resource", this.resource, this.description);
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a scope's description or move it to another resource.")
    static final class UpdateScope extends ScopeCommand {

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
            return update(body, this.ifMatch);
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a scope (refused while granted, unless --revoke-from-clients).")
    static final class DeleteScope extends ScopeCommand {

        @Option(names = "--revoke-from-clients", description = "Take it from every client holding it first.")
        boolean revokeFromClients;

        @Mixin
        IfMatchOption ifMatch;

        @Override
        public Integer call() {
            return delete(this.revokeFromClients ? "?revokeFromClients=true" : "", this.ifMatch);
        }

    }

}
