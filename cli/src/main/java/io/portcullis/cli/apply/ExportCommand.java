package io.portcullis.cli.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.connection.AdminApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code portcullis export}: the server's resources, scopes and clients in the format apply reads. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = { "Write the server's resources, scopes and clients as the YAML apply reads (never secrets).",
                "export | portcullis apply --dry-run -f - shows no changes." })
public final class ExportCommand extends CliCommand {

    @Option(names = "--file", paramLabel = "FILE", description = "Write here instead of standard output.")
    Path target;

    @Override
    public Integer call() {
        AdminApi api = api();
        String header = "# Portcullis resources, scopes and clients of " + api.settings().issuer() + ", exported "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n# apply with: portcullis apply -f <this file>\n";
        String yaml = Exporter.yaml(PlatformState.load(api), header, api.settings().issuer().toString());
        if (this.target == null) {
            out().print(yaml);
            out().flush();
            return 0;
        }
        try {
            Files.writeString(this.target, yaml);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        err().println("Exported to " + this.target);
        return 0;
    }

}
