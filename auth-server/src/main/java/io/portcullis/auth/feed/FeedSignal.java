package io.portcullis.auth.feed;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.auth.system.StoredDataChanged;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes long polls when a new security event is committed (on any instance: the PostgreSQL notification reaches
 * all of them). A waiting poll holds no thread: it is a callback here, run once on the next signal. A poll that
 * misses a signal still wakes at its deadline, and re-reads before answering.
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

    private final List<Runnable> waiting = new ArrayList<>();

    public void signal() {
        List<Runnable> woken;
        synchronized (this) {
            this.generation++;
            woken = takeWaiting();
        }
        woken.forEach(Runnable::run);
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

    /**
     * Runs {@code wake} once, when the generation moves past {@code seen} or the application stops: at once when
     * either already happened. Returns what forgets {@code wake} (a poll that timed out or went away).
     */
    Runnable onNextAfter(long seen, Runnable wake) {
        synchronized (this) {
            if (this.generation == seen && !this.closing) {
                this.waiting.add(wake);
                return () -> forget(wake);
            }
        }
        wake.run();
        return () -> {
        };
    }

    synchronized int waiting() {
        return this.waiting.size();
    }

    private synchronized void forget(Runnable wake) {
        this.waiting.remove(wake);
    }

    private List<Runnable> takeWaiting() {
        List<Runnable> woken = List.copyOf(this.waiting);
        this.waiting.clear();
        return woken;
    }

    @Override
    public synchronized void start() {
        this.closing = false;
        this.running = true;
    }

    @Override
    public void stop() {
        List<Runnable> woken;
        synchronized (this) {
            this.closing = true;
            this.running = false;
            woken = takeWaiting();
        }
        woken.forEach(Runnable::run);
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
