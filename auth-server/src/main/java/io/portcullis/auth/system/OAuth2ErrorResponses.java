package io.portcullis.auth.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Writes an RFC 6749 §5.2 error body for the filters that run before Spring Authorization Server. */
public final class OAuth2ErrorResponses {

    private OAuth2ErrorResponses() {
    }

    /** Both arguments are constants of this code base: nothing from the request is echoed. */
    public static void write(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
        response.getWriter()
            .write("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

}
