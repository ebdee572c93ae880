package io.portcullis.gateway.downstream;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where an open circuit breaker or an unreachable service forwards to: a fast 503 problem instead of a hanging
 * call or a bare gateway error. Only reachable through the {@code CircuitBreaker} filter's forward; the edge
 * security refuses it from outside.
 */
@RestController
class UnavailableFallback {

    static final String PATH = "/fallback/unavailable";

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    @RequestMapping(PATH)
    ResponseEntity<ProblemDetail> unavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The service is unavailable; retry later");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem);
    }

}
