package io.portcullis.auth.feed;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeedSignalTests {

    @Test
    void awaitAfterWhenStoppedThenWaitingPollAnsweredAtOnce() throws Exception {
        FeedSignal signal = new FeedSignal();
        signal.start();
        long seen = signal.generation();
        CompletableFuture<Long> poll = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            try {
                signal.awaitAfter(seen, Duration.ofSeconds(25));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return System.nanoTime() - started;
        });
        Thread.sleep(200);
        assertThat(poll).isNotDone();
        signal.stop();
        assertThat(Duration.ofNanos(poll.get(2, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(2));
        assertThat(signal.closing()).isTrue();
        assertThat(signal.isRunning()).isFalse();
    }

    @Test
    void awaitAfterWhenStoppedThenNewPollDoesNotWait() throws Exception {
        FeedSignal signal = new FeedSignal();
        signal.start();
        signal.stop();
        long started = System.nanoTime();
        signal.awaitAfter(signal.generation(), Duration.ofSeconds(25));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void getPhaseThenStopsBeforeTheWebServersGracefulShutdown() {
        // WebServerGracefulShutdownLifecycle runs at SmartLifecycle.DEFAULT_PHASE - 1024; higher phases stop first
        assertThat(new FeedSignal().getPhase())
            .isGreaterThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 1024);
    }

}
