package io.portcullis.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.connection.AdminApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis resources ...}: the audiences tokens are issued for. */
@Command(name = "resources", mixinStandardHelpOptions = true, description = "Resources (token audiences).",
        subcommands = { ResourcesCommand.ListResources.class, ResourcesCommand.GetResource.class,
                ResourcesCommand.CreateResource.class, ResourcesCommand.UpdateResource.class,
                ResourcesCommand.DeleteResource.class })
public final class ResourcesCommand {

    static String path(String name) {
        return "/resources/" + AdminApi.segment(name);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List resources.")
    static final class ListResources extends AdminCommand {

        @Override
        public Integer call() {
            return showList(api().get("/resources"), Views::resources);
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one resource.")
    static final class GetResource extends AdminCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return show(api().get(path(this.name)));
        }

    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a resource.")
    static final class CreateResource extends AdminCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--uri", required = true, description = "Its URI: the audience of its tokens.")
        String uri;

        @Option(names = "--description")
        String description;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", this.name);
            body.put("uri", this.uri);
            body.put("description", this.description);
            return show(api().send("POST", "/resources", body, null));
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a resource's description (its name and URI are fixed).")
    static final class UpdateResource extends AdminCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description", required = true)
        String description;

        @Mixin
        IfMatchOption ifMatch;

        @Override
        public Integer call() {
            return show(change("PATCH", path(this.name), Map.of("description", this.description), this.ifMatch));
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a resource (refused while scopes belong to it).")
    static final class DeleteResource extends AdminCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        IfMatchOption ifMatch;

        @Override
        public Integer call() {
            change("DELETE", path(this.name), null, this.ifMatch);
            return deleted("resource", this.name);
        }

    }

}
