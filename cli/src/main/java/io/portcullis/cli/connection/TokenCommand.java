package io.portcullis.cli.connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.CliException;
import io.portcullis.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An access token for any client, for people testing their APIs: {@code TOKEN=$(portcullis token --client ID
 * --scope users.read)}. The server's OAuth error is reported, never an empty token.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = { "Obtain an access token (client_credentials) and print it, or its claims with --decode.",
                "The client's secret comes from the variable named by --secret-env "
                        + "(default PORTCULLIS_TOKEN_CLIENT_SECRET) or a prompt; without --client the admin client is used." })
public final class TokenCommand extends CliCommand {

    @Option(names = "--client", paramLabel = "ID", description = "The client to obtain the token for.")
    String client;

    @Option(names = "--scope", paramLabel = "SCOPES", description = "Space-separated scopes (default: the client's default scopes).")
    String scope;

    @Option(names = "--resource", paramLabel = "URI", description = "RFC 8707 resource indicator (repeatable).")
    List<String> resources = new ArrayList<>();

    @Option(names = "--decode", description = "Print the token's header and claims instead of the token.")
    boolean decode;

    @Option(names = "--secret-env", paramLabel = "VARIABLE", defaultValue = "PORTCULLIS_TOKEN_CLIENT_SECRET",
            description = "The environment variable holding the client's secret (default: ${DEFAULT-VALUE}).")
    String secretVariable;

    @Override
    public Integer call() {
        this.connection.context(this.context);
        ConnectionSettings settings = this.connection.resolve(this.client == null);
        String clientId = (this.client != null) ? this.client : settings.clientId();
        String secret;
        if (this.client == null) {
            secret = settings.clientSecret();
        }
        else {
            secret = this.context.env(this.secretVariable);
            if (secret == null) {
                secret = this.context.readSecret("Secret of " + clientId);
            }
            if (secret == null) {
                throw CliException.usage("No secret for " + clientId + ": set " + this.secretVariable
                        + " or type it when asked");
            }
        }
        Map<String, Object> token = new AdminApi(settings).requestToken(clientId, secret, this.scope, this.resources);
        String accessToken = String.valueOf(token.get("access_token"));
        if (this.decode) {
            Map<String, Object> decoded = decode(accessToken);
            printer().print(decoded, () -> Json.write(decoded));
        }
        else {
            printer().print(token, () -> accessToken);
        }
        return 0;
    }

    /** The JOSE header and the claims; the signature is the server's business, not checked here. */
    static Map<String, Object> decode(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new CliException(CliException.FAILURE, "The token endpoint answered with a token that is not a JWT",
                    List.of());
        }
        Map<String, Object> decoded = new LinkedHashMap<>();
        decoded.put("header", Json.parse(base64Url(parts[0])));
        decoded.put("claims", Json.parse(base64Url(parts[1])));
        return decoded;
    }

    private static String base64Url(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

}
