package io.portcullis.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.connection.AdminApi.Response;
import picocli.CommandLine.Command;
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
    static final class ListResources extends CliCommand {

        @Override
        public Integer call() {
            Response response = api().get("/resources");
            printer().print(response.body(), () -> Views.resources(response.list()));
            return 0;
        }

    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one resource.")
    static final class GetResource extends CliCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Response response = api().get(path(this.name));
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a resource.")
    static final class CreateResource extends CliCommand {

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
            Response response = api().send("POST", "/resources", body, null);
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a resource's description (its name and URI are fixed).")
    static final class UpdateResource extends CliCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description", required = true)
        String description;

        @Option(names = "--if-match", paramLabel = "ETAG", description = "Change only if it still has this ETag.")
        String ifMatch;

        @Override
        public Integer call() {
            Response response = api().send("PATCH", path(this.name), Map.of("description", this.description),
                    ifMatch(path(this.name), this.ifMatch));
            printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
            return 0;
        }

    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a resource (refused while scopes belong to it).")
    static final class DeleteResource extends CliCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--if-match", paramLabel = "ETAG")
        String ifMatch;

        @Override
        public Integer call() {
            api().send("DELETE", path(this.name), null, ifMatch(path(this.name), this.ifMatch));
            printer().print(Map.of("deleted", this.name), () -> "Deleted resource " + this.name);
            return 0;
        }

    }

}
