package io.portcullis.auth.feed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The change feed the gateway and the services follow (scope {@code security.feed}): a snapshot to start from,
 * then a long poll of the events after the last one seen. A consumer that restarts or loses its place takes a new
 * snapshot, so nothing is missed across restarts of either side; several auth-server instances serve the same
 * feed because it lives in PostgreSQL.
 * <p>
 * A long poll holds no request thread while it waits (Servlet asynchronous processing): every follower (each
 * gateway and service instance) keeps one poll open at all times, and on request threads they would take the token
 * endpoint's threads away, one per follower, all of them once there are as many followers as threads.
 */
@RestController
@Validated
@RequestMapping("/feed/v1")
class SecurityFeedController {

    /** Events an answer holds before it is completed to the end of its last change's transaction. */
    private static final int PAGE = 500;

    /**
     * The most events an answer holds (about 1 MB of JSON, which a follower reads whole); a single change that wrote
     * more is answered by sending the follower to a snapshot.
     */
    private static final int LARGEST_ANSWER = 5_000;

    private final SecurityFeedStore store;

    private final FeedSignal signal;

    private final Executor executor;

    SecurityFeedController(SecurityFeedStore store, FeedSignal signal,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor) {
        this.store = store;
        this.signal = signal;
        this.executor = executor;
    }

    @GetMapping("/snapshot")
    SecurityFeedSnapshot snapshot() {
        return this.store.snapshot();
    }

    /** Events after {@code after}; waits up to {@code wait} seconds for one when there are none yet. */
    @GetMapping("/events")
    DeferredResult<ResponseEntity<EventPage>> events(@RequestParam @Min(0) long after,
            @RequestParam(defaultValue = "20") @Min(0) @Max(25) int wait, HttpServletRequest request) {
        boolean http1 = request.getProtocol().startsWith("HTTP/1");
        long seen = this.signal.generation();
        SecurityFeedStore.EventsAfter events = this.store.after(after, PAGE, LARGEST_ANSWER);
        if (!events.events().isEmpty() || events.snapshotNeeded() || wait == 0 || this.signal.closing()) {
            DeferredResult<ResponseEntity<EventPage>> now = new DeferredResult<>();
            now.setResult(answer(events, after, http1));
            return now;
        }
        DeferredResult<ResponseEntity<EventPage>> later = new DeferredResult<>(Duration.ofSeconds(wait).toMillis());
        // woken by a signal (on the notifying thread): the store is read on a task thread, not there
        Runnable forget = this.signal.onNextAfter(seen, () -> this.executor.execute(() -> reread(later, after, http1)));
        // the deadline passed without a signal: one was maybe missed, so read again (on the container's thread)
        later.onTimeout(() -> {
            forget.run();
            reread(later, after, http1);
        });
        later.onCompletion(forget);
        later.onError((ex) -> forget.run());
        return later;
    }

    /** Answers with what the store holds now; a failure (PostgreSQL down) is answered as on any request. */
    private void reread(DeferredResult<ResponseEntity<EventPage>> poll, long after, boolean http1) {
        try {
            poll.setResult(answer(this.store.after(after, PAGE, LARGEST_ANSWER), after, http1));
        }
        catch (RuntimeException ex) {
            poll.setErrorResult(ex);
        }
    }

    private ResponseEntity<EventPage> answer(SecurityFeedStore.EventsAfter page, long after, boolean http1) {
        List<SecurityEvent> events = page.events();
        long last = events.isEmpty() ? after : events.get(events.size() - 1).id();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (this.signal.closing() && http1) {
            // shutting down: answer now and have the consumer poll again on a new connection (another instance).
            // HTTP/2 forbids connection-specific headers (RFC 9113 §8.2.2; the JDK client refuses the response):
            // there Tomcat's graceful shutdown ends the connection with GOAWAY instead
            answer.header(HttpHeaders.CONNECTION, "close");
        }
        return answer.body(new EventPage(events, last, page.snapshotNeeded()));
    }

    /**
     * Whole changes after the event the poll named, and the last event's id to poll after next; or no events and
     * {@code snapshotNeeded} when the next change is larger than an answer holds.
     */
    record EventPage(List<SecurityEvent> events, long last, boolean snapshotNeeded) {
    }

}
