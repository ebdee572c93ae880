import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP load generator that speaks mutual TLS (wrk cannot present a client certificate): N keep-alive
 * connections; a warm-up, then a measured period with throughput and latency percentiles.
 *
 * Closed loop (the default) measures capacity: each connection sends the next request when the previous answered,
 * so at saturation latency is only queueing (connections / throughput). Open loop ({@code --rate R}) measures the
 * latency a hop adds below saturation: the connections send R requests/s in all on a fixed schedule, and each
 * latency counts from the request's scheduled time, so a server that falls behind is charged for the wait
 * (no coordinated omission).
 *
 * Only 2xx answers count: the rate is of 2xx answers, the percentiles are of their latencies. Any other status and
 * any exception, in the warm-up or the measured period, is reported by status or exception type, and the exit status
 * is then 1 (a fast 429 or 503 would otherwise flatter the figure).
 *
 * {@code --cpu NAME=PID} (repeatable): the CPU time (user + system, from /proc/PID/stat) the process spent during
 * the measured period, per 2xx answer.
 *
 * Usage: java HttpLoad.java [--rate R] [--cpu NAME=PID]... URL CONNECTIONS WARMUP_SECONDS SECONDS CA_PEM
 *        [CERT_PEM KEY_PEM] [Header: value]...
 */
public class HttpLoad {

    public static void main(String[] args) throws Exception {
        double rate = 0;
        Map<String, Long> cpuPids = new LinkedHashMap<>();
        while (args[0].startsWith("--")) {
            if (args[0].equals("--rate")) {
                rate = Double.parseDouble(args[1]);
            }
            else if (args[0].equals("--cpu")) {
                String[] named = args[1].split("=", 2);
                cpuPids.put(named[0], Long.parseLong(named[1]));
            }
            else {
                throw new IllegalArgumentException("unknown option " + args[0]);
            }
            args = Arrays.copyOfRange(args, 2, args.length);
        }
        URI uri = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Path ca = Path.of(args[4]);
        int next = 5;
        Path cert = null;
        Path key = null;
        if (args.length > 6 && !args[5].contains(":")) {
            cert = Path.of(args[5]);
            key = Path.of(args[6]);
            next = 7;
        }
        List<String> headers = new ArrayList<>();
        for (String header : Arrays.copyOfRange(args, next, args.length)) {
            int colon = header.indexOf(':');
            headers.add(header.substring(0, colon).trim());
            headers.add(header.substring(colon + 1).trim());
        }
        SSLContext tls = tls(ca, cert, key);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        HttpRequest request = builder.build();

        long begin = System.nanoTime();
        long measureFrom = begin + warmup * 1_000_000_000L;
        // open loop: worker c sends at begin + (c + k * connections) / rate
        long period = (rate > 0) ? Math.round(connections * 1e9 / rate) : 0;
        double spacing = (rate > 0) ? 1e9 / rate : 0;
        long stop = measureFrom + seconds * 1_000_000_000L;
        // failures by "status 429" or exception type, in the warm-up and in the measured period
        Map<String, LongAdder> warmupFailures = new ConcurrentHashMap<>();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        List<long[]> perWorker = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long[] latencies = new long[4_000_000];
            perWorker.add(latencies);
            // one client per worker: one keep-alive connection each, as wrk's -c
            HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
            int index = c;
            workers.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                int count = 0;
                long scheduled = begin + Math.round(index * spacing);
                while (true) {
                    long start;
                    if (period > 0) {
                        long wait = scheduled - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        start = scheduled;
                        scheduled += period;
                    }
                    else {
                        start = System.nanoTime();
                    }
                    if (start >= stop) {
                        break;
                    }
                    String failure;
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        failure = (response.statusCode() / 100 == 2) ? null : "status " + response.statusCode();
                    }
                    catch (Exception ex) {
                        failure = ex.getClass().getName();
                    }
                    long end = System.nanoTime();
                    if (failure != null) {
                        ((start >= measureFrom) ? failures : warmupFailures)
                            .computeIfAbsent(failure, (what) -> new LongAdder())
                            .increment();
                    }
                    else if (start >= measureFrom && count < latencies.length) {
                        latencies[count++] = end - start;
                    }
                }
                perWorker.get(index)[latencies.length - 1] = count;
            }));
        }
        Map<String, Long> cpuBefore = new LinkedHashMap<>();
        Map<String, Long> cpuAfter = new LinkedHashMap<>();
        if (!cpuPids.isEmpty()) {
            sleepUntil(measureFrom);
            cpuPids.forEach((name, pid) -> cpuBefore.put(name, cpuTicks(pid)));
            sleepUntil(stop);
            cpuPids.forEach((name, pid) -> cpuAfter.put(name, cpuTicks(pid)));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long total = 0;
        for (long[] latencies : perWorker) {
            total += latencies[latencies.length - 1];
        }
        long[] all = new long[(int) total];
        int offset = 0;
        for (long[] latencies : perWorker) {
            int count = (int) latencies[latencies.length - 1];
            System.arraycopy(latencies, 0, all, offset, count);
            offset += count;
        }
        Arrays.sort(all);
        System.out.printf("%s 2xx answers: %d in %d s = %.1f requests/s%n",
                (rate > 0) ? "open loop at %.0f/s,".formatted(rate) : "closed loop,", total, seconds,
                total / (double) seconds);
        for (double p : new double[] { 50, 90, 99, 99.9 }) {
            long value = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) Math.ceil(p / 100 * all.length) - 1)];
            System.out.printf("p%s latency: %.2f ms%n", p, value / 1_000_000.0);
        }
        double hz = clockTicksPerSecond();
        for (Map.Entry<String, Long> before : cpuBefore.entrySet()) {
            long ticks = cpuAfter.get(before.getKey()) - before.getValue();
            System.out.printf("CPU of %s: %.3f ms per request (%.0f%% of a core)%n", before.getKey(),
                    (total == 0) ? 0 : ticks * 1000 / hz / total, 100 * ticks / hz / seconds);
        }
        long failed = sum(failures) + sum(warmupFailures);
        if (failed > 0) {
            System.out.printf("FAILED: %d requests in the measured period (%s), %d in the warm-up (%s); the rate above "
                    + "counts only 2xx answers%n", sum(failures), describe(failures), sum(warmupFailures),
                    describe(warmupFailures));
            System.exit(1);
        }
        if (total == 0) {
            System.out.println("FAILED: no 2xx answer in the measured period");
            System.exit(1);
        }
    }

    private static long sum(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static String describe(Map<String, LongAdder> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((what, count) -> text.append(text.isEmpty() ? "" : ", ")
            .append(what)
            .append(" x")
            .append(count.sum()));
        return text.toString();
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** User plus system CPU time of a process so far, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + ex.getMessage(), ex);
        }
    }

    static double clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Double.parseDouble(new String(getconf.getInputStream().readAllBytes()).trim());
        }
        catch (Exception ex) {
            return 100;
        }
    }

    static SSLContext tls(Path ca, Path cert, Path key) throws Exception {
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", certificates.generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (cert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            Certificate certificate;
            try (var in = Files.newInputStream(cert)) {
                certificate = certificates.generateCertificate(in);
            }
            String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey privateKey = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            keys.setKeyEntry("client", privateKey, new char[0], new Certificate[] { certificate });
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null, trustManagers.getTrustManagers(),
                null);
        return context;
    }

}
