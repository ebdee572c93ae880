package io.portcullis.cli.admin;

import java.util.List;

import io.portcullis.cli.CliException;
import io.portcullis.cli.connection.AdminApi.Response;
import io.portcullis.cli.connection.AdminApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis keys ...}: the signing keys (public facts only). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Signing keys.",
        subcommands = { KeysCommand.ListKeys.class, KeysCommand.Rotate.class, KeysCommand.Withdraw.class })
public final class KeysCommand {

    /** A change of the key set: the server answers with the one key it made or withdrew. */
    abstract static class KeyChange extends AdminCommand {

        final int showKey(Response response) {
            printer().print(response.body(), () -> Views.keys(List.of(response.body())));
            return 0;
        }

    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every key still published, oldest first.")
    static final class ListKeys extends AdminCommand {

        @Override
        public Integer call() {
            return showList("/keys", Views::keys);
        }

    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Schedule the next key: published now, signing after the publish-ahead period.")
    static final class Rotate extends KeyChange {

        @Override
        public Integer call() {
            return showKey(api().send("POST", "/keys/rotate", null, null));
        }

    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true,
            description = { "Withdraw a key at once (suspected compromise): every token it signed is refused.",
                    "Needs --yes." })
    static final class Withdraw extends KeyChange {

        @Parameters(paramLabel = "KID")
        String kid;

        @Option(names = "--yes", description = "Confirm: every token the key signed stops working now.")
        boolean yes;

        @Override
        public Integer call() {
            if (!this.yes) {
                throw CliException.usage("Withdrawing " + this.kid + " breaks every token it signed; add --yes to "
                        + "confirm");
            }
            return showKey(api().send("POST", "/keys/" + AdminApi.segment(this.kid) + "/withdraw", null, null));
        }

    }

}
