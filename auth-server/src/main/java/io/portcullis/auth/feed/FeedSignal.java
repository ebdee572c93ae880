package io.portcullis.auth.feed;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Wakes long polls when a new security event is committed (on any instance: the PostgreSQL notification reaches
 * all of them). A poll that misses a signal still wakes at its deadline, and re-reads before waiting.
 */
@Component
public class FeedSignal {

    private long generation;

    public synchronized void signal() {
        this.generation++;
        notifyAll();
    }

    synchronized long generation() {
        return this.generation;
    }

    /** Waits until the generation moves past {@code seen} or {@code timeout} passes. */
    synchronized void awaitAfter(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

}
