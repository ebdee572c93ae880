package io.portcullis.cli.connection;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.portcullis.cli.CliContext;
import io.portcullis.cli.CliException;
import io.portcullis.cli.ContextAware;
import picocli.CommandLine.Option;

/**
 * How every command finds the server: a flag, else the environment ({@code PORTCULLIS_ISSUER},
 * {@code PORTCULLIS_CLIENT_ID}, {@code PORTCULLIS_CLIENT_SECRET}, {@code PORTCULLIS_CA_FILE},
 * {@code PORTCULLIS_PROFILE}), else the profile in the user's config folder. There is deliberately no flag for the
 * secret: command lines are visible to every user of the machine.
 */
public final class ConnectionOptions implements ContextAware {

    @Option(names = "--issuer", paramLabel = "URL", description = "The auth-server's issuer URL (env PORTCULLIS_ISSUER).")
    String issuer;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "The admin client (env PORTCULLIS_CLIENT_ID); its secret comes from PORTCULLIS_CLIENT_SECRET, the profile or a prompt.")
    String clientId;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificate(s) to trust for the server's TLS certificate (env PORTCULLIS_CA_FILE).")
    Path caFile;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Profile in the config folder (env PORTCULLIS_PROFILE; default: default).")
    String profile;

    private CliContext context;

    @Override
    public void context(CliContext context) {
        this.context = context;
    }

    public String profileName() {
        return first(this.profile, this.context.env("PORTCULLIS_PROFILE"), "default");
    }

    public Profiles profiles() {
        return new Profiles(this.context.configDirectory());
    }

    /**
     * The settings in force; a missing issuer (or, when {@code adminCredentials}, client id or secret) is a usage
     * error naming where to set it. Without {@code adminCredentials} the client id and secret may be {@code null}.
     */
    public ConnectionSettings resolve(boolean adminCredentials) {
        Profiles profiles = profiles();
        Map<String, String> stored = profiles.read(profileName());
        if (this.profile != null && stored.isEmpty()) {
            throw CliException.usage("No profile '" + this.profile + "' in " + profiles.file()
                    + " (create it with: portcullis login --save --profile " + this.profile + ")");
        }
        if (!stored.isEmpty() && profiles.readableByOthers()) {
            this.context.err().println("warning: " + profiles.file() + " holds a secret and is readable by others; "
                    + "chmod 600 it");
        }
        String issuerValue = first(this.issuer, this.context.env("PORTCULLIS_ISSUER"), stored.get("issuer"));
        String clientIdValue = first(this.clientId, this.context.env("PORTCULLIS_CLIENT_ID"), stored.get("clientId"));
        String caFileValue = first((this.caFile != null) ? this.caFile.toString() : null,
                this.context.env("PORTCULLIS_CA_FILE"), stored.get("caFile"));
        if (issuerValue == null) {
            throw CliException.usage("No issuer: pass --issuer, set PORTCULLIS_ISSUER or save a profile "
                    + "(portcullis login --save)");
        }
        if (clientIdValue == null && adminCredentials) {
            throw CliException.usage("No admin client: pass --client-id, set PORTCULLIS_CLIENT_ID or save a profile "
                    + "(portcullis login --save)");
        }
        URI issuerUri;
        try {
            issuerUri = URI.create(issuerValue);
        }
        catch (IllegalArgumentException ex) {
            throw CliException.usage("The issuer is not a URL: " + issuerValue);
        }
        // the admin credentials, its token and the secrets the server shows travel to the issuer: never in clear text
        // beyond this machine
        if (!"https".equals(issuerUri.getScheme()) && !("http".equals(issuerUri.getScheme()) && loopback(issuerUri))) {
            throw CliException.usage("The issuer must be an https URL (http only on a loopback address): "
                    + issuerValue);
        }
        Path ca = (caFileValue != null) ? Path.of(caFileValue) : null;
        if (ca != null && !Files.isReadable(ca)) {
            throw CliException.usage("The CA file cannot be read: " + ca);
        }
        String secret = first(this.context.env("PORTCULLIS_CLIENT_SECRET"), stored.get("clientSecret"), null);
        if (!adminCredentials) {
            return new ConnectionSettings(issuerUri, clientIdValue, secret, ca);
        }
        if (secret == null) {
            secret = this.context.readSecret("Secret of " + clientIdValue);
        }
        if (secret == null) {
            throw CliException.usage("No secret for " + clientIdValue + ": set PORTCULLIS_CLIENT_SECRET, save a "
                    + "profile (portcullis login --save) or type it when asked");
        }
        return new ConnectionSettings(issuerUri, clientIdValue, secret, ca);
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static boolean loopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.equals("[::1]")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
    }

}
