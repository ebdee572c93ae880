package io.portcullis.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command and its quickstart, exactly as written there: {@code infra/local/run.sh --detach}
 * brings the platform up (embedded PostgreSQL, PKI, secrets), then the README's curl commands get a token and
 * call the API through the gateway and directly. Runs on ports and folders of its own.
 */
class QuickstartEndToEndTests {

    private final Path root = Path.of(System.getProperty("portcullis.root", "..")).toAbsolutePath().normalize();

    private final Path state = Path.of("target", "quickstart").toAbsolutePath();

    private final Map<String, String> environment = environment();

    @AfterEach
    void stopPlatform() throws Exception {
        run(this.root.resolve("infra/local/stop.sh").toString());
    }

    @Test
    void quickstartWhenRunAsDocumentedThenTokenAndApiCallsSucceed() throws Exception {
        Result started = run(this.root.resolve("infra/local/run.sh").toString(), "--detach");
        assertThat(started.exit()).as(started.output()).isZero();
        assertThat(started.output()).contains("Portcullis is running");

        String readme = Files.readString(this.root.resolve("README.md"));
        int from = readme.indexOf("source target/local/platform.env");
        String commands = readme.substring(from, readme.indexOf("```", from))
            .replace("target/local/platform.env", this.state.resolve("platform.env").toString());
        Result quickstart = run("bash", "-c", "set -euo pipefail\n" + commands);

        assertThat(quickstart.exit()).as(quickstart.output()).isZero();
        // two listings of users: one through the gateway, one straight from the user-service
        assertThat(quickstart.output().split("\"items\"", -1)).as(quickstart.output()).hasSize(3);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PORTCULLIS_LOCAL_STATE", this.state.toString());
        env.put("PORTCULLIS_PKI_DIR", this.state.resolve("pki").toString());
        env.put("PORTCULLIS_LOCAL_PG_PORT", Integer.toString(freePort()));
        env.put("PORTCULLIS_AUTH_PORT", Integer.toString(freePort()));
        env.put("PORTCULLIS_AUTH_MANAGEMENT_PORT", Integer.toString(freePort()));
        env.put("PORTCULLIS_GATEWAY_PORT", Integer.toString(freePort()));
        env.put("PORTCULLIS_GATEWAY_MANAGEMENT_PORT", Integer.toString(freePort()));
        env.put("PORTCULLIS_USER_SERVICE_PORT", "17643");
        env.put("PORTCULLIS_USER_SERVICE_MANAGEMENT_PORT", "17644");
        env.put("PORTCULLIS_USER_SERVICE_INSTANCES", "2");
        env.put("PORTCULLIS_ORDER_SERVICE_PORT", Integer.toString(freePort()));
        env.put("PORTCULLIS_ORDER_SERVICE_MANAGEMENT_PORT", Integer.toString(freePort()));
        return env;
    }

    private Result run(String... command) throws IOException, InterruptedException {
        Files.createDirectories(this.state);
        Path log = Files.createTempFile(this.state, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putAll(this.environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.isAlive() ? -1 : process.exitValue(),
                Files.readString(log, StandardCharsets.UTF_8));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private record Result(int exit, String output) {
    }

}
