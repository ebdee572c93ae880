package io.portcullis.auth.feed;

import java.time.Duration;

import io.portcullis.auth.system.StoredDataChanged;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes long polls when a new security event is committed (on any instance: the PostgreSQL notification reaches
 * all of them). A poll that misses a signal still wakes at its deadline, and re-reads before waiting.
 * <p>
 * On shutdown it stops first (before the web server's graceful shutdown, which waits for requests in progress):
 * every waiting poll is answered at once and new polls do not wait, so that long polls neither hold the shutdown
 * for their full wait nor keep arriving on kept-alive connections until the shutdown phase times out.
 */
@Component
public class FeedSignal implements SmartLifecycle {

    private long generation;

    private boolean closing;

    private boolean running;

    public synchronized void signal() {
        this.generation++;
        notifyAll();
    }

    /** A new security event was committed, or the notifications were lost and one may have been missed. */
    @EventListener
    void onChange(StoredDataChanged change) {
        if (change.touches(StoredDataChanged.Kind.SECURITY_EVENTS)) {
            signal();
        }
    }

    synchronized long generation() {
        return this.generation;
    }

    /** Whether the application is shutting down: polls are answered without waiting. */
    synchronized boolean closing() {
        return this.closing;
    }

    /** Waits until the generation moves past {@code seen}, {@code timeout} passes or the application stops. */
    synchronized void awaitAfter(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.generation == seen && !this.closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public synchronized void start() {
        this.closing = false;
        this.running = true;
    }

    @Override
    public synchronized void stop() {
        this.closing = true;
        this.running = false;
        notifyAll();
    }

    @Override
    public synchronized boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        // stopped before everything else, the web server's graceful shutdown included
        return Integer.MAX_VALUE;
    }

}
