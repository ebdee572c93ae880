package io.portcullis.auth.feed;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeedSignalTests {

    @Test
    void onNextAfterWhenStoppedThenWaitingPollAnsweredAtOnce() {
        FeedSignal signal = new FeedSignal();
        signal.start();
        AtomicInteger woken = new AtomicInteger();
        signal.onNextAfter(signal.generation(), woken::incrementAndGet);
        assertThat(woken).hasValue(0);
        assertThat(signal.waiting()).isEqualTo(1);

        signal.stop();

        assertThat(woken).hasValue(1);
        assertThat(signal.waiting()).isZero();
        assertThat(signal.closing()).isTrue();
        assertThat(signal.isRunning()).isFalse();
    }

    @Test
    void onNextAfterWhenStoppedThenNewPollDoesNotWait() {
        FeedSignal signal = new FeedSignal();
        signal.start();
        signal.stop();
        AtomicInteger woken = new AtomicInteger();

        signal.onNextAfter(signal.generation(), woken::incrementAndGet);

        assertThat(woken).hasValue(1);
        assertThat(signal.waiting()).isZero();
    }

    @Test
    void onNextAfterWhenSignalledThenEachWaitingPollWokenOnceAndNoneLeftWaiting() {
        FeedSignal signal = new FeedSignal();
        signal.start();
        AtomicInteger woken = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            signal.onNextAfter(signal.generation(), woken::incrementAndGet);
        }

        signal.signal();
        signal.signal();

        assertThat(woken).hasValue(3);
        assertThat(signal.waiting()).isZero();
    }

    @Test
    void onNextAfterWhenASignalCameSinceThePollReadThenWokenAtOnce() {
        FeedSignal signal = new FeedSignal();
        signal.start();
        long seen = signal.generation();
        signal.signal();
        AtomicInteger woken = new AtomicInteger();

        signal.onNextAfter(seen, woken::incrementAndGet);

        assertThat(woken).hasValue(1);
    }

    @Test
    void onNextAfterWhenForgottenThenNotWokenAndNotKept() {
        FeedSignal signal = new FeedSignal();
        signal.start();
        AtomicInteger woken = new AtomicInteger();
        Runnable forget = signal.onNextAfter(signal.generation(), woken::incrementAndGet);

        forget.run();
        signal.signal();

        assertThat(woken).hasValue(0);
        assertThat(signal.waiting()).isZero();
    }

    @Test
    void getPhaseThenStopsBeforeTheWebServersGracefulShutdown() {
        // WebServerGracefulShutdownLifecycle runs at SmartLifecycle.DEFAULT_PHASE - 1024; higher phases stop first
        assertThat(new FeedSignal().getPhase())
            .isGreaterThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 1024);
    }

}
