package io.portcullis.revocation;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.portcullis.testsupport.TestPki;
import io.portcullis.testsupport.TestSecurityFeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The follower against a stand-in feed over TLS: readiness waits for the first snapshot; the lag is measured. */
class SecurityFeedFollowerTests {

    private final TestSecurityFeed feed = TestSecurityFeed.start();

    private final DenyList denyList = new DenyList(Clock.systemUTC());

    private SecurityFeedFollower follower;

    @AfterEach
    void stop() {
        if (this.follower != null) {
            this.follower.close();
        }
        this.feed.close();
    }

    @Test
    void readinessWhenNoSnapshotYetThenRefusingTrafficAndAfterItAccepting() throws Exception {
        ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        FeedReadinessStateHealthIndicator readiness = new FeedReadinessStateHealthIndicator(availability,
                this.denyList);
        this.follower = follow(this.feed.feedUri(), Clock.systemUTC());

        Thread.sleep(500);
        assertThat(this.denyList.isReady()).isFalse();
        assertThat(readiness.health(false).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

        this.feed.releaseSnapshot();
        awaitTrue(this.denyList::isReady);
        assertThat(readiness.health(false).getStatus()).isEqualTo(Status.UP);
        assertThat(this.denyList.denies(null, "j", "revoked-client", Instant.now(), List.of())).isTrue();

        // the application's own state still counts
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));
        assertThat(readiness.health(false).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void lagWhenFeedBecomesUnreachableThenGrowsAndDenyListKept() throws Exception {
        this.feed.releaseSnapshot();
        this.follower = follow(this.feed.feedUri(), Clock.systemUTC());
        awaitTrue(this.denyList::isReady);
        assertThat(this.follower.lag()).isLessThan(Duration.ofSeconds(1));

        this.feed.close();
        awaitTrue(() -> this.follower.lag().compareTo(Duration.ofSeconds(1)) > 0);
        Duration earlier = this.follower.lag();
        Thread.sleep(500);

        assertThat(this.follower.lag()).isGreaterThan(earlier);
        assertThat(this.denyList.isReady()).isTrue();
        assertThat(this.denyList.denies(null, "j", "revoked-client", Instant.now(), List.of())).isTrue();
    }

    @Test
    void lagWhenNoSnapshotEverArrivedThenTimeSinceStart() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
        this.follower = follow("https://localhost:1/feed/v1", clock);

        clock.advance(Duration.ofSeconds(90));

        assertThat(this.follower.lag()).isEqualTo(Duration.ofSeconds(90));
        assertThat(this.denyList.isReady()).isFalse();
    }

    @Test
    void pollWhenFeedAnswersAtOnceWithNothingThenNoBusyLoop() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        HttpsServer closing = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        closing.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("auth-server")));
        closing.createContext("/oauth2/token",
                (exchange) -> TestSecurityFeed.answer(exchange, "{\"access_token\":\"t\",\"expires_in\":300}"));
        closing.createContext("/feed/v1/snapshot", (exchange) -> TestSecurityFeed.answer(exchange, "{\"last\":1}"));
        // a feed shutting down: every long poll is answered at once, with no events
        closing.createContext("/feed/v1/events", (exchange) -> {
            polls.incrementAndGet();
            TestSecurityFeed.answer(exchange, "{\"last\":1,\"events\":[]}");
        });
        closing.start();
        try {
            String base = "https://localhost:" + closing.getAddress().getPort();
            this.follower = new SecurityFeedFollower(FeedProperties.of(base + "/feed/v1", base + "/oauth2/token",
                    "portcullis-edge", "secret"), TestPki.platform().sslContext("gateway"), this.denyList);
            awaitTrue(() -> polls.get() > 0);
            int before = polls.get();
            Thread.sleep(1000);

            // one poll per SecurityFeedFollower.EMPTY_POLL_INTERVAL (250 ms) at most, not one per round trip
            assertThat(polls.get() - before).isBetween(1, 5);
            assertThat(this.follower.lag()).isLessThan(Duration.ofSeconds(1));
        }
        finally {
            closing.stop(0);
        }
    }

    @Test
    void pollWhenFeedSaysAChangeIsTooLargeForAnAnswerThenTakesASnapshotAndPollsOnFromIt() throws Exception {
        AtomicInteger snapshots = new AtomicInteger();
        List<String> polledAfter = new CopyOnWriteArrayList<>();
        HttpsServer feed = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feed.setHttpsConfigurator(new HttpsConfigurator(TestPki.platform().sslContext("auth-server")));
        feed.createContext("/oauth2/token",
                (exchange) -> TestSecurityFeed.answer(exchange, "{\"access_token\":\"t\",\"expires_in\":300}"));
        // the second snapshot holds the large change: a client disabled, as of event 7000
        feed.createContext("/feed/v1/snapshot", (exchange) -> TestSecurityFeed.answer(exchange,
                (snapshots.incrementAndGet() == 1) ? "{\"last\":1}"
                        : "{\"last\":7000,\"disabledClients\":[\"bulk-client\"]}"));
        feed.createContext("/feed/v1/events", (exchange) -> {
            String after = exchange.getRequestURI().getQuery().replaceAll(".*after=(\\d+).*", "$1");
            polledAfter.add(after);
            TestSecurityFeed.answer(exchange, after.equals("1")
                    ? "{\"last\":1,\"events\":[],\"snapshotNeeded\":true}"
                    : "{\"last\":" + after + ",\"events\":[],\"snapshotNeeded\":false}");
        });
        feed.start();
        try {
            String base = "https://localhost:" + feed.getAddress().getPort();
            this.follower = new SecurityFeedFollower(FeedProperties.of(base + "/feed/v1", base + "/oauth2/token",
                    "portcullis-edge", "secret"), TestPki.platform().sslContext("gateway"), this.denyList);

            awaitTrue(() -> polledAfter.contains("7000"));

            assertThat(snapshots.get()).isEqualTo(2);
            assertThat(polledAfter).startsWith("1", "7000").doesNotContain("2");
            assertThat(this.denyList.denies(null, "j", "bulk-client", Instant.now(), List.of())).isTrue();
        }
        finally {
            feed.stop(0);
        }
    }

    private SecurityFeedFollower follow(String feedUri, Clock clock) {
        return new SecurityFeedFollower(FeedProperties.of(feedUri, this.feed.tokenUri(), "portcullis-edge", "secret"),
                TestPki.platform().sslContext("gateway"), this.denyList, clock);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition met within 10 s").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

    }

}
