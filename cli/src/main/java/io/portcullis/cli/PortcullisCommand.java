package io.portcullis.cli;

import io.portcullis.cli.admin.AuditCommand;
import io.portcullis.cli.admin.ClientsCommand;
import io.portcullis.cli.admin.KeysCommand;
import io.portcullis.cli.admin.ResourcesCommand;
import io.portcullis.cli.admin.ScopesCommand;
import io.portcullis.cli.admin.TokensCommand;
import io.portcullis.cli.apply.ApplyCommand;
import io.portcullis.cli.apply.ExportCommand;
import io.portcullis.cli.connection.LoginCommand;
import io.portcullis.cli.connection.TokenCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code portcullis}: the auth-server's admin API from a terminal. Exit codes: 0 done, 2 wrong use (options, settings,
 * an invalid file), 3 refused by the server (4xx, with its problem detail), 4 the server failed or could not be
 * reached, 1 a bug in the CLI.
 */
@Command(name = "portcullis", mixinStandardHelpOptions = true, version = "portcullis 0.1.0",
        description = "Manage a Portcullis auth-server: resources, scopes, clients, keys, tokens, audit trail.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = { "0:done", "2:wrong use: options, settings or an invalid file",
                "3:refused by the server (4xx): its problem detail is printed",
                "4:the server failed (5xx) or could not be reached", "1:unexpected error in the CLI" },
        footer = { "", "Connection: --issuer/--client-id/--ca-file, else PORTCULLIS_ISSUER, PORTCULLIS_CLIENT_ID, "
                + "PORTCULLIS_CLIENT_SECRET, PORTCULLIS_CA_FILE, else the profile saved by 'portcullis login --save'." },
        subcommands = { LoginCommand.class, TokenCommand.class, ResourcesCommand.class, ScopesCommand.class,
                ClientsCommand.class, KeysCommand.class, TokensCommand.class, AuditCommand.class, ApplyCommand.class,
                ExportCommand.class, AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class })
public final class PortcullisCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing command");
    }

    /** Runs one command line in {@code context} and returns its exit code. */
    public static int execute(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    public static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new PortcullisCommand(), new ContextFactory(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((ex, line, parseResult) -> {
            if (ex instanceof CliException failure) {
                context.err().println("portcullis: " + failure.getMessage());
                failure.details().forEach((detail) -> context.err().println("  " + detail));
                context.err().flush();
                return failure.exitCode();
            }
            context.err().println("portcullis: unexpected error: " + ex);
            context.err().flush();
            return 1;
        });
        // picocli's completion-script command hides itself by default: list it so that people find it
        CommandLine completion = commandLine.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage().hidden(false);
        return commandLine;
    }

    /** Creates commands and mixins with picocli's factory and hands them the context. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            K created = CommandLine.defaultFactory().create(type);
            if (created instanceof ContextAware aware) {
                aware.context(this.context);
            }
            return created;
        }

    }

}
