package io.portcullis.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The platform as a reader starts it: {@code infra/local/run.sh --detach} from the repository root, on ports and
 * in a state folder of its own ({@code target/<name>} of this module instead of {@code target/local}), so that
 * documented commands can be run against it as written.
 */
final class LocalPlatform implements AutoCloseable {

    private final Path root = Path.of(System.getProperty("portcullis.root", "..")).toAbsolutePath().normalize();

    private final Path state;

    private final Map<String, String> environment = new HashMap<>();

    /**
     * @param name the state folder's name under {@code target/}
     * @param userServicePort the first user-service instance's port; instance i listens on it + 10 i and its
     *        management port on it + 1 + 10 i (two instances)
     */
    LocalPlatform(String name, int userServicePort) {
        this.state = Path.of("target", name).toAbsolutePath();
        this.environment.put("PORTCULLIS_LOCAL_STATE", this.state.toString());
        this.environment.put("PORTCULLIS_PKI_DIR", this.state.resolve("pki").toString());
        this.environment.put("PORTCULLIS_LOCAL_PG_PORT", Integer.toString(FreePorts.next()));
        this.environment.put("PORTCULLIS_AUTH_PORT", Integer.toString(FreePorts.next()));
        this.environment.put("PORTCULLIS_AUTH_MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
        this.environment.put("PORTCULLIS_GATEWAY_PORT", Integer.toString(FreePorts.next()));
        this.environment.put("PORTCULLIS_GATEWAY_MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
        this.environment.put("PORTCULLIS_USER_SERVICE_PORT", Integer.toString(userServicePort));
        this.environment.put("PORTCULLIS_USER_SERVICE_MANAGEMENT_PORT", Integer.toString(userServicePort + 1));
        this.environment.put("PORTCULLIS_USER_SERVICE_INSTANCES", "2");
        this.environment.put("PORTCULLIS_ORDER_SERVICE_PORT", Integer.toString(FreePorts.next()));
        this.environment.put("PORTCULLIS_ORDER_SERVICE_MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
    }

    Path root() {
        return this.root;
    }

    /** The state folder ({@code target/local} of a reader's run). */
    Path state() {
        return this.state;
    }

    /** A setting of the environment {@code run.sh} starts with, as an operator would export it. */
    LocalPlatform with(String name, String value) {
        this.environment.put(name, value);
        return this;
    }

    /**
     * {@code run.sh --detach} on a fresh state folder (a platform left over by an interrupted run is stopped
     * first): returns once every service is ready (or the script gave up). Fresh, because the ports change from
     * run to run and with them the issuer, which a database kept from an earlier run does not accept.
     */
    Result start() throws IOException, InterruptedException {
        if (Files.exists(this.state.resolve("pids"))) {
            close();
        }
        if (Files.exists(this.state)) {
            try (Stream<Path> files = Files.walk(this.state)) {
                files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
            }
        }
        // run.sh gives each service 120 s to be ready and then fails by itself; a loaded machine needs them
        return run(Duration.ofMinutes(10), this.root.resolve("infra/local/run.sh").toString(), "--detach");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(this.root.resolve("infra/local/stop.sh").toString());
    }

    /**
     * Runs documented commands with bash from the repository root, {@code target/local/} meaning this platform's
     * state folder; {@code errexit} adds {@code set -euo pipefail}, as a script would, and without it the commands
     * run as pasted into a terminal, each line whatever the previous one did.
     */
    Result script(String commands, boolean errexit) throws IOException, InterruptedException {
        String localised = commands.replace("target/local/", this.state + "/");
        return run("bash", "-c", (errexit ? "set -euo pipefail\n" : "") + localised);
    }

    Result run(String... command) throws IOException, InterruptedException {
        return run(Duration.ofMinutes(4), command);
    }

    private Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Files.createDirectories(this.state);
        Path log = Files.createTempFile(this.state, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putAll(this.environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.isAlive() ? -1 : process.exitValue(),
                Files.readString(log, StandardCharsets.UTF_8));
    }

    record Result(int exit, String output) {
    }

}
