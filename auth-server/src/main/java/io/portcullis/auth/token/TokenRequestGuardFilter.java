package io.portcullis.auth.token;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;

import io.portcullis.auth.system.ClaimedClientId;
import io.portcullis.auth.system.LogSanitizer;
import io.portcullis.auth.system.OAuth2ErrorResponses;
import io.portcullis.auth.system.RequestPaths;
import io.portcullis.lifecycle.DatabaseUnavailable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns away malformed requests to the token, introspection and revocation endpoints before anything parses them:
 * only {@code POST} with an {@code application/x-www-form-urlencoded} body of bounded size and no query string
 * (RFC 6749 §3.2, §2.3.1: credentials never travel in the URI), no control characters in parameters or in the
 * claimed client_id, and at most one client authentication method (§2.3). Each refusal is an RFC 6749 error body.
 * A request that failed further on because PostgreSQL is unreachable is answered 503 {@code temporarily_unavailable}
 * with {@code Retry-After}, in the same form, never 500.
 */
final class TokenRequestGuardFilter extends OncePerRequestFilter {

    /**
     * How much of a refused body is read and thrown away before the answer (Tomcat's {@code max-swallow-size}, the
     * same bound): on HTTP/2 a stream whose body was left unread when its answer was written is reset, and the JDK
     * client then lost the whole connection (the next request on it failed with "EOF reached while reading"); on
     * HTTP/1.1 Tomcat swallows as much itself, so only HTTP/2 bodies are drained here. A longer body, or one that
     * trickles in for longer than {@link #DRAIN_TIME}, is left unread and its stream reset. A body that stops arriving
     * altogether holds the thread in its read until Tomcat's HTTP/2 stream read timeout (20 s), as reading any form
     * body does; the refusals that come before the body is known to be a form drain only a body of a declared length
     * within the limit.
     */
    private static final int DRAIN_LIMIT = 64 * 1024;

    private static final long DRAIN_TIME = 1_000_000_000L;

    private final Set<String> paths;

    private final int maxBytes;

    TokenRequestGuardFilter(Set<String> paths, int maxBytes) {
        this.paths = paths;
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !this.paths.contains(RequestPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            drainDeclared(request);
            reject(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "This endpoint accepts only POST");
            return;
        }
        if (request.getQueryString() != null) {
            drainDeclared(request);
            reject(response, HttpServletResponse.SC_BAD_REQUEST,
                    "Parameters must be sent in the request body, not in the URI");
            return;
        }
        if (!isForm(request.getContentType())) {
            drainDeclared(request);
            reject(response, HttpServletResponse.SC_BAD_REQUEST,
                    "The request body must be application/x-www-form-urlencoded");
            return;
        }
        if (request.getContentLengthLong() > this.maxBytes) {
            drain(request);
            reject(response, HttpServletResponse.SC_BAD_REQUEST, "The request body is too large");
            return;
        }
        if (!parametersReadable(request)) {
            drain(request);
            reject(response, HttpServletResponse.SC_BAD_REQUEST, (request.getContentLengthLong() < 0)
                    ? "The request body is too large or not form-encoded" : "The request body is not form-encoded");
            return;
        }
        if (LogSanitizer.hasControlCharacters(ClaimedClientId.raw(request))) {
            // a client_id no client can have (NUL cannot even be stored): refused before any lookup or log line
            reject(response, HttpServletResponse.SC_BAD_REQUEST, "The client_id must not contain control characters");
            return;
        }
        if (request.getParameterMap().entrySet().stream().anyMatch((parameter) -> LogSanitizer
            .hasControlCharacters(parameter.getKey())
                || Arrays.stream(parameter.getValue()).anyMatch(LogSanitizer::hasControlCharacters))) {
            reject(response, HttpServletResponse.SC_BAD_REQUEST, "Parameters must not contain control characters");
            return;
        }
        if (clientAuthenticationMethods(request) > 1) {
            reject(response, HttpServletResponse.SC_BAD_REQUEST,
                    "The request must use exactly one client authentication method");
            return;
        }
        String[] grantTypes = request.getParameterValues("grant_type");
        if (RequestPaths.of(request).endsWith("/token") && grantTypes != null && grantTypes.length == 1
                && !"client_credentials".equals(grantTypes[0])) {
            // decided before client authentication, which would otherwise try to verify a code or device grant
            OAuth2ErrorResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, "unsupported_grant_type",
                    "This server supports only the client_credentials grant");
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        catch (RuntimeException | ServletException ex) {
            if (!DatabaseUnavailable.isCause(ex) || response.isCommitted()) {
                throw ex;
            }
            // a lookup the caches could not answer while PostgreSQL is unreachable (a client not cached yet): the
            // caller may retry, it did nothing wrong
            response.resetBuffer();
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            OAuth2ErrorResponses.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "The server cannot serve this request right now; retry shortly");
        }
    }

    /** RFC 6749 §2.3: a client MUST NOT use more than one authentication method in each request. */
    private static int clientAuthenticationMethods(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        int methods = (authorization != null) ? 1 : 0;
        methods += (request.getParameter("client_secret") != null) ? 1 : 0;
        methods += (request.getParameter("client_assertion") != null
                || request.getParameter("client_assertion_type") != null) ? 1 : 0;
        return methods;
    }

    /**
     * The container refuses to parse a body with broken percent-encoding, or a body without Content-Length
     * (chunked) that passes its form size limit ({@code server.tomcat.max-http-form-post-size}).
     */
    private static boolean parametersReadable(HttpServletRequest request) {
        try {
            request.getParameterMap();
            return true;
        }
        catch (IllegalStateException ex) {
            return false;
        }
    }

    /** {@link #drain} for a body of a declared length within {@link #DRAIN_LIMIT} (a GET declares none). */
    private static void drainDeclared(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length > 0 && length <= DRAIN_LIMIT) {
            drain(request);
        }
    }

    /** Reads what is left of a refused HTTP/2 body, up to {@link #DRAIN_LIMIT} or {@link #DRAIN_TIME}. */
    private static void drain(HttpServletRequest request) {
        if (!request.getProtocol().startsWith("HTTP/2")) {
            return;
        }
        long deadline = System.nanoTime() + DRAIN_TIME;
        try {
            InputStream body = request.getInputStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            int n;
            while (read < DRAIN_LIMIT && System.nanoTime() < deadline && (n = body.read(buffer)) != -1) {
                read += n;
            }
        }
        catch (IOException | IllegalStateException ex) {
            // the body could not be read (the client went away, or it was read as a reader): nothing to drain
        }
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static void reject(HttpServletResponse response, int status, String description) throws IOException {
        OAuth2ErrorResponses.write(response, status, "invalid_request", description);
    }

}
