package io.portcullis.gateway.security;

import io.portcullis.resourceserver.core.ProblemBodies;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * RFC 6750 challenges with RFC 9457 bodies ({@link ProblemBodies}, as the services write them), written by the
 * gateway itself; nothing from the request is echoed.
 */
public final class EdgeProblems {

    private EdgeProblems() {
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String challenge, String detail) {
        response.setStatusCode(status);
        if (challenge != null) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = ProblemBodies.of(status, detail);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

}
