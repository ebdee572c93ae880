package io.portcullis.revocation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the auth-server's security feed into a {@link DenyList}: a token of its own (client credentials, scope
 * {@code security.feed}), a snapshot, then long polls of the events after the last one applied. On any failure it
 * starts over from a fresh snapshot, so a restart of either side loses nothing; meanwhile the deny-list keeps what
 * it knew, and {@link #lag()} tells how long it has not been known to be current.
 */
public final class SecurityFeedFollower implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(SecurityFeedFollower.class);

    private static final Duration RETRY = Duration.ofSeconds(1);

    private static final int WAIT_SECONDS = 20;

    /**
     * The least time between two polls when one was answered with no events: the feed answers a long poll early
     * with nothing only while it shuts down, and on HTTP/2 the next poll goes on the same connection (no
     * {@code Connection: close} there) until the server's GOAWAY, so without it the follower would poll in a busy
     * loop for the whole drain.
     */
    static final Duration EMPTY_POLL_INTERVAL = Duration.ofMillis(250);

    private final JsonMapper json = JsonMapper.builder().build();

    private final FeedProperties settings;

    private final DenyList denyList;

    private final HttpClient http;

    private final Clock clock;

    private final Instant startedAt;

    /** When the deny-list was last known to hold every event: a snapshot or a poll answered. */
    private volatile Instant currentAt;

    /** While a long poll is open the feed answers as soon as anything happens, so the deny-list is current. */
    private volatile boolean polling;

    private volatile boolean running = true;

    private final Thread thread;

    private String token;

    private Instant tokenExpiresAt = Instant.EPOCH;

    public SecurityFeedFollower(FeedProperties settings, SSLContext tls, DenyList denyList) {
        this(settings, tls, denyList, Clock.systemUTC());
    }

    public SecurityFeedFollower(FeedProperties settings, SSLContext tls, DenyList denyList, Clock clock) {
        this.settings = settings;
        this.denyList = denyList;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        this.thread = Thread.ofPlatform().daemon().name("security-feed").start(this::run);
    }

    /**
     * How far behind the feed the deny-list may be: zero while a long poll is open, otherwise the time since it was
     * last known to be current (a snapshot or poll answered), or since the follower started when no snapshot
     * ever arrived. It grows for as long as the feed cannot be reached.
     */
    public Duration lag() {
        if (this.polling) {
            return Duration.ZERO;
        }
        Instant current = this.currentAt;
        return Duration.between((current != null) ? current : this.startedAt, this.clock.instant());
    }

    @Override
    public void close() {
        this.running = false;
        this.thread.interrupt();
    }

    private void run() {
        while (this.running) {
            try {
                long last = snapshot();
                while (this.running) {
                    last = poll(last);
                    this.denyList.purgeExpired();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (IOException | RuntimeException ex) {
                if (this.running) {
                    logger.warn("Security feed interrupted ({}); starting over from a snapshot", ex.getMessage());
                    sleep();
                }
            }
        }
    }

    private long snapshot() throws IOException, InterruptedException {
        JsonNode snapshot = get(this.settings.uri() + "/snapshot", Duration.ofSeconds(15));
        boolean first = !this.denyList.isReady();
        this.denyList.reset(snapshot);
        this.currentAt = this.clock.instant();
        if (first) {
            logger.info("Security feed snapshot applied: the deny-list is ready");
        }
        return snapshot.path("last").asLong();
    }

    private long poll(long after) throws IOException, InterruptedException {
        long start = System.nanoTime();
        this.polling = true;
        JsonNode page;
        try {
            page = get(this.settings.uri() + "/events?after=" + after + "&wait=" + WAIT_SECONDS,
                    Duration.ofSeconds(WAIT_SECONDS + 10));
        }
        finally {
            // a failed poll leaves the deny-list current as of the previous answer, just before the poll opened
            this.polling = false;
        }
        if (page.path("snapshotNeeded").asBoolean(false)) {
            // the next change wrote more events than an answer holds: a snapshot holds it whole
            logger.info("Security feed: a change too large for one answer; taking a snapshot");
            return snapshot();
        }
        this.denyList.applyAll(page.path("events"));
        this.currentAt = this.clock.instant();
        long early = EMPTY_POLL_INTERVAL.toNanos() - (System.nanoTime() - start);
        if (page.path("events").isEmpty() && early > 0) {
            Thread.sleep(Duration.ofNanos(early));
        }
        return page.path("last").asLong(after);
    }

    private JsonNode get(String uri, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + token())
            .timeout(timeout)
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            this.tokenExpiresAt = Instant.EPOCH;
        }
        if (response.statusCode() != 200) {
            throw new IOException("feed answered " + response.statusCode());
        }
        return this.json.readTree(response.body());
    }

    private String token() throws IOException, InterruptedException {
        if (this.token != null && Instant.now().isBefore(this.tokenExpiresAt.minusSeconds(30))) {
            return this.token;
        }
        String basic = Base64.getEncoder().encodeToString((enc(this.settings.clientId()) + ":"
                + enc(this.settings.clientSecret())).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.settings.tokenUri()))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=security.feed"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("token endpoint answered " + response.statusCode());
        }
        JsonNode body = this.json.readTree(response.body());
        this.token = body.path("access_token").asString();
        this.tokenExpiresAt = Instant.now().plusSeconds(body.path("expires_in").asLong(60));
        return this.token;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
