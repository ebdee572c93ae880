package io.portcullis.resourceserver.core;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 body of a {@link ProblemDetail}, for refusals written where no message converter is at hand
 * (security filters, servlet and reactive): members in the RFC's order, as Spring MVC and WebFlux write the
 * problems of the controllers, encoded in UTF-8 (RFC 8259 §8.1). Nothing from the request is echoed unless the
 * problem says so.
 */
public final class ProblemBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemBodies() {
    }

    public static byte[] of(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
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
        return JSON.writeValueAsBytes(body);
    }

    public static byte[] of(HttpStatus status, String detail) {
        return of(ProblemDetail.forStatusAndDetail(status, detail));
    }

}
