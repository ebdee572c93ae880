package io.portcullis.cli.admin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.connection.AdminApi.Response;
import io.portcullis.cli.output.Printer;
import io.portcullis.cli.output.SecretFile;
import picocli.CommandLine.Option;

/** {@code --secret-out FILE} of the commands whose answer carries a client secret (a picocli mixin). */
final class SecretOutOption {

    @Option(names = "--secret-out", paramLabel = "FILE", description = "Append the secret to this file (0600) instead of printing it.")
    Path file;

    /** Refuses a file others can read before the server makes a secret that could then not be stored. */
    void check() {
        if (this.file != null) {
            new SecretFile(this.file).check();
        }
    }

    /** Shows a response that carries a secret: the secret goes to the file if one is named, else it is printed once. */
    int print(Printer printer, Response response, PrintWriter err) {
        Map<String, Object> body = new LinkedHashMap<>(response.map());
        Object secret = body.get("clientSecret");
        if (secret != null && this.file != null) {
            new SecretFile(this.file).append(String.valueOf(body.get("clientId")), String.valueOf(secret));
            body.remove("clientSecret");
            err.println("The secret of " + body.get("clientId") + " was written to " + this.file);
        }
        printer.print(body, () -> Views.details(body, response.etag())
                + ((secret != null && this.file == null) ? "The secret is shown this once: store it now.\n" : ""));
        return 0;
    }

}
