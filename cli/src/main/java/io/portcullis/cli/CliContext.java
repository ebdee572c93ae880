package io.portcullis.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the world: its environment, the user's config folder and the standard streams.
 * Commands never read {@link System#getenv()} or the system streams themselves, so tests run them in-process with a
 * world of their own.
 */
public final class CliContext {

    private final Map<String, String> environment;

    private final Path home;

    private final InputStream in;

    private final PrintWriter out;

    private final PrintWriter err;

    private final boolean interactive;

    private BufferedReader reader;

    public CliContext(Map<String, String> environment, Path home, InputStream in, PrintWriter out, PrintWriter err,
            boolean interactive) {
        this.environment = Map.copyOf(environment);
        this.home = home;
        this.in = in;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** The real process: its environment, home folder and standard streams. */
    public static CliContext system() {
        return new CliContext(System.getenv(), Path.of(System.getProperty("user.home")), System.in,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.console() != null);
    }

    public String env(String name) {
        String value = this.environment.get(name);
        return (value == null || value.isBlank()) ? null : value;
    }

    /** {@code PORTCULLIS_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/portcullis}, else {@code ~/.config/portcullis}. */
    public Path configDirectory() {
        if (env("PORTCULLIS_CONFIG_DIR") != null) {
            return Path.of(env("PORTCULLIS_CONFIG_DIR"));
        }
        if (env("XDG_CONFIG_HOME") != null) {
            return Path.of(env("XDG_CONFIG_HOME"), "portcullis");
        }
        return this.home.resolve(".config").resolve("portcullis");
    }

    public PrintWriter out() {
        return this.out;
    }

    public PrintWriter err() {
        return this.err;
    }

    public InputStream in() {
        return this.in;
    }

    /**
     * Asks for a secret: without echo on a terminal, else one line of standard input. {@code null} when there is
     * nothing to read.
     */
    public String readSecret(String prompt) {
        Console console = System.console();
        if (this.interactive && console != null) {
            char[] secret = console.readPassword("%s: ", prompt);
            return (secret == null || secret.length == 0) ? null : new String(secret);
        }
        try {
            if (this.reader == null) {
                this.reader = new BufferedReader(new InputStreamReader(this.in, StandardCharsets.UTF_8));
            }
            String line = this.reader.readLine();
            return (line == null || line.isBlank()) ? null : line.strip();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
