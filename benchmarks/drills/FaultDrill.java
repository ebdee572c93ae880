import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fault drill: bounded load of reads and writes through the gateway while a fault is injected and repaired, then
 * a count of what callers saw and a check that every acknowledged write is still there.
 *
 * The fault and the repair are shell commands run by the drill at fixed offsets, so that it knows when they
 * happened. Each client sends at most RATE requests per second (a closed loop with a pause), every fourth a
 * POST that creates a user.
 *
 * Usage: java FaultDrill.java GATEWAY_URL CA_PEM TOKEN SECONDS FAULT_AT FAULT_CMD REPAIR_AT REPAIR_CMD
 *            CLIENTS RATE_PER_CLIENT MAX_FAILURE_PERCENT MAX_GET_FAILURES [WINDOW_SECONDS]
 * Budgets (exit status 1 when broken): at most MAX_FAILURE_PERCENT of the requests of the WINDOW_SECONDS (30
 * unless said) after the fault fail, at most MAX_GET_FAILURES GETs fail in the whole drill (-1: no limit), and no acknowledged write is lost.
 */
public class FaultDrill {

    record Outcome(long atNanos, String method, int status) {
    }

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(args[0]);
        SSLContext tls = trusting(Path.of(args[1]));
        String token = args[2];
        int seconds = Integer.parseInt(args[3]);
        int faultAt = Integer.parseInt(args[4]);
        String faultCommand = args[5];
        int repairAt = Integer.parseInt(args[6]);
        String repairCommand = args[7];
        int clients = Integer.parseInt(args[8]);
        double rate = Double.parseDouble(args[9]);
        double maxFailurePercent = Double.parseDouble(args[10]);
        long maxGetFailures = Long.parseLong(args[11]);
        long window = Duration.ofSeconds((args.length > 12) ? Long.parseLong(args[12]) : 30).toNanos();

        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        long started = System.nanoTime();
        long[] marks = new long[2];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.submit(() -> {
                    long pause = (long) (1_000_000_000L / rate);
                    for (long i = 0; running.get(); i++) {
                        long sent = System.nanoTime();
                        boolean write = (i + client) % 4 == 0;
                        outcomes.add(write ? create(http, gateway, token, acknowledged) : list(http, gateway, token));
                        long left = pause - (System.nanoTime() - sent);
                        if (left > 0) {
                            Thread.sleep(Duration.ofNanos(left));
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(Duration.ofSeconds(faultAt));
            marks[0] = System.nanoTime();
            run("fault", faultCommand);
            Thread.sleep(Duration.ofSeconds(Math.max(0, repairAt - faultAt)));
            marks[1] = System.nanoTime();
            run("repair", repairCommand);
            long left = Duration.ofSeconds(seconds).toNanos() - (System.nanoTime() - started);
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
            running.set(false);
        }
        List<Outcome> all = new ArrayList<>(outcomes);
        all.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        report(all, acknowledged, http, gateway, token, marks[0], window, maxFailurePercent, maxGetFailures,
                started);
    }

    private static void report(List<Outcome> all, Map<String, String> acknowledged, HttpClient http, URI gateway,
            String token, long faultAt, long window, double maxFailurePercent, long maxGetFailures, long started)
            throws Exception {
        Map<String, Long> byStatus = new TreeMap<>();
        long getFailures = 0;
        long windowRequests = 0;
        long windowFailures = 0;
        long longestStretch = 0;
        long stretchStart = -1;
        for (Outcome outcome : all) {
            byStatus.merge(outcome.method() + " " + outcome.status(), 1L, Long::sum);
            boolean failed = outcome.status() < 200 || outcome.status() >= 300;
            if (failed && outcome.method().equals("GET")) {
                getFailures++;
            }
            if (outcome.atNanos() >= faultAt && outcome.atNanos() < faultAt + window) {
                windowRequests++;
                windowFailures += failed ? 1 : 0;
            }
            if (failed && stretchStart < 0) {
                stretchStart = outcome.atNanos();
            }
            else if (!failed && stretchStart >= 0) {
                longestStretch = Math.max(longestStretch, outcome.atNanos() - stretchStart);
                stretchStart = -1;
            }
        }
        if (stretchStart >= 0) {
            longestStretch = Math.max(longestStretch, all.get(all.size() - 1).atNanos() - stretchStart);
        }
        // every acknowledged write is read back: 404 is a lost write; anything else but 200 is asked again for up to
        // a minute (the platform may still be recovering) and then reported as unverified
        long lost = 0;
        long unverified = 0;
        for (String id : acknowledged.keySet()) {
            int status = -1;
            for (int attempt = 0; attempt < 60 && status != 200 && status != 404; attempt++) {
                if (attempt > 0) {
                    Thread.sleep(1000);
                }
                status = http.send(request(gateway.resolve("/api/users/" + id), token).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            }
            if (status == 404) {
                lost++;
                System.out.println("LOST: acknowledged user " + id + " is not there");
            }
            else if (status != 200) {
                unverified++;
                System.out.println("UNVERIFIED: acknowledged user " + id + " answers " + status);
            }
        }
        double windowPercent = (windowRequests == 0) ? 0 : 100.0 * windowFailures / windowRequests;
        System.out.printf("requests: %d in %.0f s; by outcome: %s%n", all.size(),
                (System.nanoTime() - started) / 1e9, byStatus);
        System.out.printf("%d s after the fault: %d requests, %d failed (%.2f%%)%n", window / 1_000_000_000L,
                windowRequests, windowFailures, windowPercent);
        System.out.printf("longest stretch of failures: %d ms; GET failures: %d%n", longestStretch / 1_000_000,
                getFailures);
        System.out.printf("acknowledged writes: %d, lost: %d, unverified: %d%n", acknowledged.size(), lost,
                unverified);
        boolean ok = windowPercent <= maxFailurePercent && (maxGetFailures < 0 || getFailures <= maxGetFailures)
                && lost == 0 && unverified == 0;
        System.out.println(ok ? "BUDGETS HELD" : "BUDGETS BROKEN");
        System.exit(ok ? 0 : 1);
    }

    private static Outcome list(HttpClient http, URI gateway, String token) {
        return send(http, request(gateway.resolve("/api/users?size=5"), token), "GET", null);
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private static Outcome create(HttpClient http, URI gateway, String token, Map<String, String> acknowledged) {
        String name = "drill" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        HttpRequest.Builder request = request(gateway.resolve("/api/users"), token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"email\":\"" + name
                    + "@example.com\",\"displayName\":\"Drill\"}"));
        return send(http, request, "POST", acknowledged);
    }

    private static Outcome send(HttpClient http, HttpRequest.Builder request, String method,
            Map<String, String> acknowledged) {
        int status;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            if (acknowledged != null && status == 201) {
                Matcher id = ID.matcher(response.body());
                if (id.find()) {
                    acknowledged.put(id.group(1), "");
                }
            }
        }
        catch (Exception ex) {
            status = -1;
        }
        return new Outcome(System.nanoTime(), method, status);
    }

    private static HttpRequest.Builder request(URI uri, String token) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token);
    }

    private static void run(String what, String command) throws Exception {
        System.out.println(what + ": " + command);
        Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        process.waitFor();
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509")
            .generateCertificates(Files.newInputStream(caPem))) {
            trust.setCertificateEntry("ca" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

}
