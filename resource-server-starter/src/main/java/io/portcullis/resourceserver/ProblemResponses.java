package io.portcullis.resourceserver;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a {@link ProblemDetail} (RFC 9457) where no controller is involved: refusals in the security filter chain.
 * The members come out in the RFC's order, as Spring MVC writes the problems of the controllers.
 */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final URI BLANK = URI.create("about:blank");

    private ProblemResponses() {
    }

    /** Writes {@code problem}; {@code challenge} becomes {@code WWW-Authenticate} unless null. */
    static void write(HttpServletResponse response, ProblemDetail problem, String challenge) throws IOException {
        response.setStatus(problem.getStatus());
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", (problem.getType() != null) ? problem.getType().toString() : BLANK.toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        // JSON is UTF-8 (RFC 8259 §8.1): bytes, so that no charset parameter is added to the media type
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    static void write(HttpServletResponse response, HttpStatus status, String detail, String challenge)
            throws IOException {
        write(response, ProblemDetail.forStatusAndDetail(status, detail), challenge);
    }

}
