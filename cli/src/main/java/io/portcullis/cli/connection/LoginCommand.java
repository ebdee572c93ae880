package io.portcullis.cli.connection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks the admin credentials and shows who they are; {@code --save} keeps them in a profile. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = { "Check the admin client's credentials and show who you are and which scopes you hold.",
                "With --save the connection (secret included) is stored in the profile, readable by you only." })
public final class LoginCommand extends CliCommand {

    @Option(names = "--save", description = "Store this connection in the profile (config.yaml in the config folder).")
    boolean save;

    @Override
    public Integer call() {
        AdminApi api = api();
        ConnectionSettings settings = api.settings();
        Map<String, Object> token = api.adminTokenResponse();
        Map<String, Object> self = api.get("/clients/" + AdminApi.segment(settings.clientId())).map();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("issuer", settings.issuer().toString());
        result.put("clientId", settings.clientId());
        result.put("name", self.get("name"));
        result.put("tokenScopes", scopes(token.get("scope")));
        result.put("grantedScopes", self.get("scopes"));
        result.put("defaultScopes", self.get("defaultScopes"));
        result.put("tokenExpiresIn", token.get("expires_in"));
        printer().print(result, () -> "Logged in to " + settings.issuer() + " as " + settings.clientId() + " ("
                + self.get("name") + ")\n" + "  token scopes    " + String.join(" ", scopes(token.get("scope")))
                + " (expires in " + token.get("expires_in") + " s)\n" + "  granted scopes  "
                + String.join(" ", strings(self.get("scopes"))) + "\n");
        if (this.save) {
            Map<String, String> stored = new LinkedHashMap<>();
            stored.put("issuer", settings.issuer().toString());
            stored.put("clientId", settings.clientId());
            stored.put("clientSecret", settings.clientSecret());
            if (settings.caFile() != null) {
                stored.put("caFile", settings.caFile().toAbsolutePath().toString());
            }
            Profiles profiles = this.connection.profiles();
            profiles.write(this.connection.profileName(), stored);
            err().println("Saved profile '" + this.connection.profileName() + "' in " + profiles.file()
                    + " (readable by you only)");
        }
        return 0;
    }

    private static List<String> scopes(Object scope) {
        return (scope == null) ? List.of() : Arrays.stream(String.valueOf(scope).split(" ")).sorted().toList();
    }

    private static List<String> strings(Object list) {
        return (list instanceof List<?> values) ? values.stream().map(String::valueOf).toList() : List.of();
    }

}
