package io.portcullis.cli.admin;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code portcullis resources ...}: the audiences tokens are issued for. */
@Command(name = "resources", mixinStandardHelpOptions = true, description = "Resources (token audiences).",
        subcommands = { ResourcesCommand.ListResources.class, ResourcesCommand.GetResource.class,
                ResourcesCommand.CreateResource.class, ResourcesCommand.UpdateResource.class,
                ResourcesCommand.DeleteResource.class })
public final class ResourcesCommand {

    private static final String COLLECTION = "/resources";

    /** A command on one resource. */
    abstract static class ResourceCommand extends NamedDocumentCommand {

        ResourceCommand() {
            super(COLLECTION, "resource");
        }

    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List resources.")
    static final class ListResources extends AdminCommand {

        @Override
        public Integer call() {
            return showList(COLLECTION, Views::resources);
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one resource.")
    static final class GetResource extends ResourceCommand {

        @Override
        public Integer call() {
            return get();
        }

    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a resource.")
    static final class CreateResource extends ResourceCommand {

        @Option(names = "--uri", required = true, description = "Its URI: the audience of its tokens.")
        String uri;

        @Option(names = "--description")
        String description;

        @Override
        public Integer call() {
            return create("uri", this.uri, this.description);
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a resource's description (its name and URI are fixed).")
    static final class UpdateResource extends ResourceCommand {

        @Option(names = "--description", required = true)
        String description;

        @Mixin
        IfMatchOption ifMatch;

        @Override
        public Integer call() {
            return update(Map.of("description", this.description), this.ifMatch);
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a resource (refused while scopes belong to it).")
    static final class DeleteResource extends ResourceCommand {

        @Mixin
        IfMatchOption ifMatch;

        @Override
        public Integer call() {
            return delete("", this.ifMatch);
        }

    }

}
