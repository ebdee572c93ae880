package io.portcullis.resourceserver;

import java.io.IOException;

import io.portcullis.resourceserver.core.ProblemBodies;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a {@link ProblemDetail} (RFC 9457) where no controller is involved: refusals in the security filter chain.
 * The body is {@link ProblemBodies}', the gateway's too.
 */
final class ProblemResponses {

    private ProblemResponses() {
    }

    /** Writes {@code problem}; {@code challenge} becomes {@code WWW-Authenticate} unless null. */
    static void write(HttpServletResponse response, ProblemDetail problem, String challenge) throws IOException {
        response.setStatus(problem.getStatus());
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // bytes, so that no charset parameter is added to the media type (JSON is UTF-8)
        response.getOutputStream().write(ProblemBodies.of(problem));
    }

    static void write(HttpServletResponse response, HttpStatus status, String detail, String challenge)
            throws IOException {
        write(response, ProblemDetail.forStatusAndDetail(status, detail), challenge);
    }

}
