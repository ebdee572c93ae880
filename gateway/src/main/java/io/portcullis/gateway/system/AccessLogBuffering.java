package io.portcullis.gateway.system;

import java.time.Duration;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Puts {@link BufferedConsoleAppender} in the place of Spring Boot's console appender (same name, encoder and
 * filters), so the access log is written in batches; gives the console back when the context closes. Only over
 * Boot's own logging set-up with the console on standard output: with a logging configuration of one's own, or
 * {@code portcullis.access-log.flush-interval=0}, every line is written as it is logged.
 */
@Component
class AccessLogBuffering implements DisposableBean {

    private static final org.slf4j.Logger logger = LoggerFactory.getLogger(AccessLogBuffering.class);

    private static final String CONSOLE = "CONSOLE";

    private final @Nullable Logger root;

    private final @Nullable ConsoleAppender<ILoggingEvent> console;

    private final @Nullable BufferedConsoleAppender buffered;

    @Autowired
    AccessLogBuffering(@Value("${portcullis.access-log.flush-interval:1s}") Duration flushInterval) {
        this(LoggerFactory.getILoggerFactory(), flushInterval);
    }

    AccessLogBuffering(ILoggerFactory loggers, Duration flushInterval) {
        Logger root = null;
        ConsoleAppender<ILoggingEvent> console = null;
        if (!flushInterval.isZero() && !flushInterval.isNegative() && loggers instanceof LoggerContext context) {
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (root.getAppender(CONSOLE) instanceof ConsoleAppender<ILoggingEvent> candidate
                    && candidate.isStarted() && "System.out".equals(candidate.getTarget())) {
                console = candidate;
            }
        }
        this.root = root;
        this.console = console;
        this.buffered = (console != null) ? install(root, console, flushInterval) : null;
        if (this.buffered == null) {
            logger.info("Access log unbuffered: each line is written as it is logged");
        }
    }

    private static BufferedConsoleAppender install(Logger root, ConsoleAppender<ILoggingEvent> console,
            Duration flushInterval) {
        BufferedConsoleAppender buffered = new BufferedConsoleAppender(EdgeAccessFilter.LOGGER, flushInterval);
        buffered.setContext(console.getContext());
        buffered.setName(CONSOLE);
        buffered.setEncoder(console.getEncoder());
        console.getCopyOfAttachedFiltersList().forEach(buffered::addFilter);
        buffered.start();
        // added before the console is taken away, so no line is lost in between (one may be written twice)
        root.addAppender(buffered);
        root.detachAppender(console);
        logger.info("Access log buffered: written in batches of up to {} bytes, at least every {}",
                BufferedConsoleAppender.BUFFER_SIZE, flushInterval);
        return buffered;
    }

    @Override
    public void destroy() {
        if (this.root == null || this.console == null || this.buffered == null) {
            return;
        }
        // unless the logging was set up again since (which stopped both appenders)
        Appender<ILoggingEvent> current = this.root.getAppender(CONSOLE);
        if (current == this.buffered) {
            this.root.addAppender(this.console);
            this.root.detachAppender(this.buffered);
        }
        this.buffered.stop();
    }

}
