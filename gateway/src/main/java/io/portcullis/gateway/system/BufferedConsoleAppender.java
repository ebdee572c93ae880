package io.portcullis.gateway.system;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.jspecify.annotations.Nullable;

/**
 * The console appender with the access log's lines written in batches: a line of the deferred logger waits in an
 * 8 KiB buffer until the buffer fills, another logger's line is written (everything before it goes out with it, so
 * the output keeps the order of the events), or the flush interval passes. As Envoy's and nginx's buffered access
 * logs do: one write to standard output for a batch of requests instead of one per request. The price: a process
 * killed without a shutdown loses at most the last interval's access lines (the request meters are not affected).
 *
 * <p>Writes go to {@code System.out} as it is when the buffer is flushed (as Logback's console target does), one
 * write per flush, so whole lines reach the descriptor in order with those of any other writer in the process.
 */
final class BufferedConsoleAppender extends OutputStreamAppender<ILoggingEvent> {

    static final int BUFFER_SIZE = 8192;

    private final String deferredLogger;

    private final Duration flushInterval;

    private final OutputStream target;

    private @Nullable ScheduledFuture<?> flushes;

    BufferedConsoleAppender(String deferredLogger, Duration flushInterval) {
        this(deferredLogger, flushInterval, new SystemOut());
    }

    /** Writing to {@code target}, which it never closes. */
    BufferedConsoleAppender(String deferredLogger, Duration flushInterval, OutputStream target) {
        this.deferredLogger = deferredLogger;
        this.flushInterval = flushInterval;
        this.target = target;
        setImmediateFlush(false);
    }

    @Override
    public void start() {
        setOutputStream(new BufferedOutputStream(new Unclosed(this.target), BUFFER_SIZE));
        super.start();
        if (isStarted()) {
            long millis = this.flushInterval.toMillis();
            this.flushes = getContext().getScheduledExecutorService()
                .scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> flushes = this.flushes;
        if (flushes != null) {
            flushes.cancel(false);
            this.flushes = null;
        }
        // closing the stream flushes it; System.out itself stays open
        super.stop();
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        if (!this.deferredLogger.equals(event.getLoggerName())) {
            flush();
        }
    }

    /** Writes out what the buffer holds. */
    void flush() {
        this.streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null) {
                out.flush();
            }
        }
        catch (IOException ex) {
            addError("Could not flush the console", ex);
        }
        finally {
            this.streamWriteLock.unlock();
        }
    }

    /** The target, flushed but not closed when the appender stops. */
    private static final class Unclosed extends FilterOutputStream {

        Unclosed(OutputStream target) {
            super(target);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            this.out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }

    }

    /** {@code System.out} as it is at each write. */
    private static final class SystemOut extends OutputStream {

        @Override
        public void write(int b) {
            System.out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.out.flush();
        }

    }

}
