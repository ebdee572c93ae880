package io.portcullis.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code portcullis tokens revoke}: one token by its jti, without holding it. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Access tokens.",
        subcommands = { TokensCommand.Revoke.class })
public final class TokensCommand {

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke one token by its jti (from logs or introspection); idempotent.")
    static final class Revoke extends CliCommand {

        @Option(names = "--jti", required = true)
        String jti;

        @Option(names = "--client", required = true, paramLabel = "CLIENT_ID", description = "The client it was issued to.")
        String client;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jti", this.jti);
            body.put("clientId", this.client);
            api().send("POST", "/tokens/revoke", body, null);
            printer().print(Map.of("revoked", this.jti, "clientId", this.client),
                    () -> "Revoked token " + this.jti + " of " + this.client);
            return 0;
        }

    }

}
