package io.portcullis.gateway.downstream;

import java.time.Duration;

import io.portcullis.resourceserver.core.ProblemBodies;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** RFC 9457 answers for what the services behind the gateway could not answer; nothing is echoed. */
final class DownstreamProblems {

    private DownstreamProblems() {
    }

    static Mono<Void> unavailable(ServerHttpResponse response, Duration retryAfter) {
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return write(response, HttpStatus.SERVICE_UNAVAILABLE, "The service is unavailable; retry later");
    }

    /** One client's bodies arriving hold its whole share of the budget for them. */
    static Mono<Void> tooManyBodies(ServerHttpResponse response, Duration retryAfter) {
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return write(response, HttpStatus.TOO_MANY_REQUESTS,
                "Too many request bodies of this client are arriving at once; retry when some have arrived");
    }

    static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String detail) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = ProblemBodies.of(status, detail);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

}
