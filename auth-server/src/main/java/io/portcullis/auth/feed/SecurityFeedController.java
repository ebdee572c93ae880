package io.portcullis.auth.feed;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The change feed the gateway and the services follow (scope {@code security.feed}): a snapshot to start from,
 * then a long poll of the events after the last one seen. A consumer that restarts or loses its place takes a new
 * snapshot, so nothing is missed across restarts of either side; several auth-server instances serve the same
 * feed because it lives in PostgreSQL.
 */
@RestController
@Validated
@RequestMapping("/feed/v1")
class SecurityFeedController {

    private static final int PAGE = 500;

    private final SecurityFeedStore store;

    private final FeedSignal signal;

    SecurityFeedController(SecurityFeedStore store, FeedSignal signal) {
        this.store = store;
        this.signal = signal;
    }

    @GetMapping("/snapshot")
    SecurityFeedSnapshot snapshot() {
        return this.store.snapshot();
    }

    /** Events after {@code after}; waits up to {@code wait} seconds for one when there are none yet. */
    @GetMapping("/events")
    EventPage events(@RequestParam @Min(0) long after,
            @RequestParam(defaultValue = "20") @Min(0) @Max(25) int wait, HttpServletRequest request,
            HttpServletResponse response) throws InterruptedException {
        long seen = this.signal.generation();
        List<SecurityEvent> events = this.store.after(after, PAGE);
        if (this.signal.closing()) {
            // shutting down: answer now and have the consumer poll again on a new connection (another instance).
            // HTTP/2 forbids connection-specific headers (RFC 9113 §8.2.2; the JDK client refuses the response):
            // there Tomcat's graceful shutdown ends the connection with GOAWAY instead
            if (request.getProtocol().startsWith("HTTP/1")) {
                response.setHeader("Connection", "close");
            }
        }
        else if (events.isEmpty() && wait > 0) {
            this.signal.awaitAfter(seen, Duration.ofSeconds(wait));
            events = this.store.after(after, PAGE);
        }
        long last = events.isEmpty() ? after : events.get(events.size() - 1).id();
        return new EventPage(events, last);
    }

    record EventPage(List<SecurityEvent> events, long last) {
    }

}
