package io.portcullis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.testsupport.PostgresTestDatabase;
import io.portcullis.testsupport.TestPki;

/**
 * The whole platform as processes of the built jars: an auth-server, two user-service instances, optionally an
 * order-service (which calls the first user-service instance as itself), and a gateway, each on free ports with a
 * certificate of the test PKI, on fresh PostgreSQL databases and the local Redis. Services can be stopped and
 * started again to play outages.
 */
final class Platform implements AutoCloseable {

    static final String DEMO_CLIENT = "demo-client";

    static final String ORDER_SERVICE_CLIENT = "order-service";

    private final Path root = Path.of(System.getProperty("portcullis.root", "..")).toAbsolutePath().normalize();

    private final Path logs = Path.of("target", "e2e-logs").toAbsolutePath();

    private final TestPki pki = TestPki.platform();

    private final Map<String, Service> services = new LinkedHashMap<>();

    private final HttpClient trusting = HttpClient.newBuilder().sslContext(this.pki.trustOnlySslContext()).build();

    final String demoSecret = random();

    final String adminSecret = random();

    private final String feedSecret = random();

    /** The order-service's own client (bootstrapped by the auth-server, used by the order-service). */
    final String orderServiceSecret = random();

    private final String keyEncryptionKey = Base64.getEncoder().encodeToString(bytes(32));

    private final String secretHashKey = Base64.getEncoder().encodeToString(bytes(32));

    private final PostgresTestDatabase authDatabase = PostgresTestDatabase.create();

    private final PostgresTestDatabase usersDatabase = PostgresTestDatabase.create();

    Platform() throws IOException {
        this(false);
    }

    /** With {@code orderService}, the order-service too, behind the gateway's {@code /api/orders}. */
    Platform(boolean orderService) throws IOException {
        Files.createDirectories(this.logs);
        int authPort = FreePorts.next();
        define("auth-server", authPort, FreePorts.next(), Map.of("PORTCULLIS_DB_URL", this.authDatabase.url(),
                "PORTCULLIS_DB_USER", this.authDatabase.username(), "PORTCULLIS_DB_PASSWORD",
                this.authDatabase.password(), "PORTCULLIS_KEY_ENCRYPTION_KEY", this.keyEncryptionKey,
                "PORTCULLIS_SECRET_HASH_KEY", this.secretHashKey, "PORTCULLIS_ADMIN_CLIENT_SECRET", this.adminSecret,
                "PORTCULLIS_DEMO_CLIENT_SECRET", this.demoSecret, "PORTCULLIS_FEED_CLIENT_SECRET", this.feedSecret,
                "PORTCULLIS_ORDER_SERVICE_CLIENT_SECRET", this.orderServiceSecret));
        for (String instance : List.of("user-service-1", "user-service-2")) {
            define(instance, FreePorts.next(), FreePorts.next(), Map.of("PORTCULLIS_USERS_DB_URL",
                    this.usersDatabase.url(), "PORTCULLIS_USERS_DB_USER", this.usersDatabase.username(),
                    "PORTCULLIS_USERS_DB_PASSWORD", this.usersDatabase.password()));
        }
        Map<String, String> gateway = new HashMap<>(Map.of("PORTCULLIS_USERS_INSTANCES",
                instanceUri("user-service-1") + "," + instanceUri("user-service-2")));
        if (orderService) {
            PostgresTestDatabase orders = PostgresTestDatabase.create();
            define("order-service", FreePorts.next(), FreePorts.next(), Map.of("PORTCULLIS_ORDERS_DB_URL", orders.url(),
                    "PORTCULLIS_ORDERS_DB_USER", orders.username(), "PORTCULLIS_ORDERS_DB_PASSWORD",
                    orders.password(), "PORTCULLIS_ORDER_SERVICE_CLIENT_SECRET", this.orderServiceSecret,
                    "PORTCULLIS_USER_SERVICE_URL", "https://localhost:" + port("user-service-1")));
            gateway.put("PORTCULLIS_ORDERS_INSTANCES", instanceUri("order-service"));
        }
        // each instance with its management port, where the gateway probes its readiness
        define("gateway", FreePorts.next(), FreePorts.next(), gateway);
    }

    /** Starts every service in dependency order and waits until each is ready. */
    Platform start() {
        this.services.keySet().forEach(this::start);
        return this;
    }

    void start(String name) {
        Service service = this.services.get(name);
        String module = name.startsWith("user-service") ? "user-service" : name;
        List<String> command = new ArrayList<>(launch(module));
        command.add("--spring.profiles.active=local");
        System.out.println("starting " + name + ": " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(this.logs.resolve(name + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(common());
        env.putAll(service.environment());
        String prefix = switch (module) {
            case "auth-server" -> "PORTCULLIS_AUTH";
            case "user-service" -> "PORTCULLIS_USER_SERVICE";
            case "order-service" -> "PORTCULLIS_ORDER_SERVICE";
            default -> "PORTCULLIS_GATEWAY";
        };
        env.put(prefix + "_PORT", Integer.toString(service.port()));
        env.put(prefix + "_MANAGEMENT_PORT", Integer.toString(service.managementPort()));
        env.put("PORTCULLIS_TLS_CERTIFICATE", "file:" + this.pki.certificateFile(module));
        env.put("PORTCULLIS_TLS_PRIVATE_KEY", "file:" + this.pki.keyFile(module));
        try {
            service.process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + name, ex);
        }
        awaitReady(name);
    }

    /**
     * The java command of a module's jar up to its arguments. Where the local run ({@code infra/local/run.sh}) has
     * made the module's AOT cache for this build and this JVM, the jar starts as the local run starts it: from its
     * extracted copy, with the cache and the JVM options the cache was made with (recorded in {@code made-with}),
     * which takes about half as long as a start without it (the test run starts services over twenty times).
     * Otherwise the jar as built, compiled by C1 only, which starts sooner than with both compilers.
     */
    private List<String> launch(String module) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = this.root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
        Path aot = jar.resolveSibling("aot");
        List<String> recorded = trainedWith(jar, aot);
        if (!recorded.isEmpty() && recorded.get(0).equals(java)) {
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
            command.addAll(recorded.subList(1, recorded.size()));
            command.addAll(List.of("-XX:AOTCache=" + aot.resolve("app.aot"), "-jar",
                    aot.resolve(jar.getFileName()).toString()));
            return command;
        }
        // the option of the local run and the image where this JDK has it (23 and newer)
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        return command;
    }

    /** The java command and options an AOT cache no older than {@code jar} was made with, or nothing. */
    private static List<String> trainedWith(Path jar, Path aot) {
        Path cache = aot.resolve("app.aot");
        Path madeWith = aot.resolve("made-with");
        try {
            if (!Files.isRegularFile(cache) || !Files.isRegularFile(madeWith)
                    || Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(cache)) > 0) {
                return List.of();
            }
            return List.of(Files.readString(madeWith).trim().split("\\s+"));
        }
        catch (IOException ex) {
            return List.of();
        }
    }

    /** SIGTERM, then SIGKILL after 20 s; answers how long the service took to exit. */
    Duration stop(String name) {
        Process process = this.services.get(name).process;
        long started = System.nanoTime();
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(java.time.Duration.ofSeconds(20).toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL: the process gets no chance to finish anything, as in a crash or an OOM kill. */
    void kill(String name) {
        Process process = this.services.get(name).process;
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int port(String name) {
        return this.services.get(name).port();
    }

    int managementPort(String name) {
        return this.services.get(name).managementPort();
    }

    private String instanceUri(String name) {
        Service service = this.services.get(name);
        return "https://localhost:" + service.port() + "?management-port=" + service.managementPort();
    }

    String issuer() {
        return "https://localhost:" + port("auth-server");
    }

    Path caFile() {
        return this.pki.caFile();
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(this.services.keySet());
        java.util.Collections.reverse(names);
        names.forEach(this::stop);
    }

    private Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put("PORTCULLIS_ISSUER", issuer());
        env.put("PORTCULLIS_TLS_CA", "file:" + this.pki.caFile());
        env.put("PORTCULLIS_LOG_FORMAT", "");
        env.put("PORTCULLIS_USERS_RATE", "10000");
        env.put("PORTCULLIS_USERS_BURST", "10000");
        env.put("PORTCULLIS_FEED_ENABLED", "true");
        env.put("PORTCULLIS_FEED_CLIENT_SECRET", this.feedSecret);
        return env;
    }

    private void awaitReady(String name) {
        Service service = this.services.get(name);
        URI readiness = URI.create("https://localhost:" + service.managementPort() + "/actuator/health/readiness");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!service.process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting; see " + this.logs.resolve(name + ".log"));
            }
            try {
                HttpResponse<Void> response = this.trusting.send(HttpRequest.newBuilder(readiness).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within 90 s; see " + this.logs.resolve(name + ".log"));
    }

    private void define(String name, int port, int managementPort, Map<String, String> environment) {
        this.services.put(name, new Service(port, managementPort, environment));
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String random() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Service {

        private final int port;

        private final int managementPort;

        private final Map<String, String> environment;

        private Process process;

        Service(int port, int managementPort, Map<String, String> environment) {
            this.port = port;
            this.managementPort = managementPort;
            this.environment = environment;
        }

        int port() {
            return this.port;
        }

        int managementPort() {
            return this.managementPort;
        }

        Map<String, String> environment() {
            return this.environment;
        }

    }

}
