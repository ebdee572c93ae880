package io.portcullis.gateway.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access lines wait in the buffer; another logger's line takes them out with it, in order, in one write; so do a
 * full buffer, the flush interval and the end of the appender. Installed in place of Boot's console and given back.
 */
class BufferedConsoleAppenderTests {

    private final Writes writes = new Writes();

    private final LoggerContext context = new LoggerContext();

    private BufferedConsoleAppender appender;

    @BeforeEach
    void setUpContext() {
        this.context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stopContext() {
        if (this.appender != null) {
            this.appender.stop();
        }
        this.context.stop();
    }

    @Test
    void appendWhenAccessLinesThenHeldUntilAnotherLoggersLineWhichTakesThemOutInOrderInOneWrite() {
        start(Duration.ofHours(1));
        access().info("GET /a 200");
        access().info("GET /b 200");
        assertThat(this.writes.text()).isEmpty();

        other().warn("instance ejected");

        assertThat(this.writes.text()).isEqualTo("access GET /a 200\naccess GET /b 200\nother instance ejected\n");
        assertThat(this.writes.count()).isEqualTo(1);
    }

    @Test
    void appendWhenFlushIntervalPassesThenHeldLinesWritten() {
        start(Duration.ofMillis(100));
        access().info("GET /a 200");

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.writes.text().equals("access GET /a 200\n"));
    }

    @Test
    void appendWhenBufferFillsThenWholeLinesWrittenInWritesNoLargerThanTheBuffer() {
        start(Duration.ofHours(1));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String line = "GET /api/users/" + i + " 200 relayed " + "x".repeat(90);
            lines.add("access " + line);
            access().info(line);
        }

        assertThat(this.writes.count()).isGreaterThan(1);
        assertThat(this.writes.sizes()).allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(8192));
        assertThat(this.writes.text()).endsWith("\n");
        this.appender.stop();
        assertThat(this.writes.text().lines()).containsExactlyElementsOf(lines);
    }

    @Test
    void stopWhenLinesHeldThenWrittenAndTheTargetLeftOpen() {
        start(Duration.ofHours(1));
        access().info("GET /a 200");

        this.appender.stop();

        assertThat(this.writes.text()).isEqualTo("access GET /a 200\n");
        assertThat(this.writes.closed).isFalse();
    }

    @Test
    void installWhenBootsConsoleThenReplacedWithTheSameEncoderAndGivenBackOnDestroy() {
        Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = console(this.context);
        root.addAppender(console);
        try {
            AccessLogBuffering buffering = new AccessLogBuffering(this.context, Duration.ofSeconds(1));
            assertThat(root.getAppender("CONSOLE")).isInstanceOf(BufferedConsoleAppender.class);
            BufferedConsoleAppender buffered = (BufferedConsoleAppender) root.getAppender("CONSOLE");
            assertThat(buffered.getEncoder()).isSameAs(console.getEncoder());

            buffering.destroy();

            assertThat(root.getAppender("CONSOLE")).isSameAs(console);
            assertThat(buffered.isStarted()).isFalse();
        }
        finally {
            root.detachAppender("CONSOLE");
            console.stop();
        }
    }

    @Test
    void installWhenFlushIntervalZeroThenConsoleKept() {
        Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = console(this.context);
        root.addAppender(console);
        try {
            new AccessLogBuffering(this.context, Duration.ZERO).destroy();

            assertThat(root.getAppender("CONSOLE")).isSameAs(console);
        }
        finally {
            root.detachAppender("CONSOLE");
            console.stop();
        }
    }

    private void start(Duration flushInterval) {
        this.appender = new BufferedConsoleAppender(EdgeAccessFilter.LOGGER, flushInterval, this.writes);
        this.appender.setContext(this.context);
        this.appender.setName("CONSOLE");
        this.appender.setEncoder(encoder(this.context));
        this.appender.start();
        Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(this.appender);
    }

    private Logger access() {
        return this.context.getLogger(EdgeAccessFilter.LOGGER);
    }

    private Logger other() {
        return this.context.getLogger("io.portcullis.other");
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context));
        console.start();
        return console;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%logger{0} %msg%n");
        encoder.start();
        return encoder;
    }

    /** What reached the target, and in how many writes of which sizes. */
    private static final class Writes extends ByteArrayOutputStream {

        private final List<Integer> sizes = new ArrayList<>();

        private volatile boolean closed;

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            this.sizes.add(length);
            super.write(bytes, offset, length);
        }

        @Override
        public void close() {
            this.closed = true;
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }

        synchronized int count() {
            return this.sizes.size();
        }

        synchronized List<Integer> sizes() {
            return List.copyOf(this.sizes);
        }

    }

}
