package io.portcullis.cli.connection;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;

import io.portcullis.cli.CliException;
import io.portcullis.cli.output.Json;

/**
 * The auth-server's admin API ({@code /admin/v1}) and its token endpoint over HTTPS, as the admin client. The admin
 * token is obtained once per run. Refusals become {@link CliException}s carrying the server's own words: the problem
 * detail and field errors (RFC 9457) or the OAuth error (RFC 6749).
 */
public final class AdminApi {

    /** The largest page the admin API serves. */
    public static final int MAX_PAGE_SIZE = 100;

    public static final String ADMIN_SCOPE = "platform.admin";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionSettings settings;

    private final HttpClient http;

    private String adminToken;

    public AdminApi(ConnectionSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
            .sslContext(Tls.context(settings.caFile()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    }

    public ConnectionSettings settings() {
        return this.settings;
    }

    /** One answer: status, ETag and the JSON body as maps and lists. */
    public record Response(int status, String etag, Object body) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return (this.body instanceof Map<?, ?>) ? (Map<String, Object>) this.body : Map.of();
        }

        @SuppressWarnings("unchecked")
        public List<Object> list() {
            return (this.body instanceof List<?>) ? (List<Object>) this.body : List.of();
        }

    }

    /**
     * A client_credentials token request (RFC 6749 4.4) with {@code client_secret_basic}.
     * @return the token response
     */
    public Map<String, Object> requestToken(String clientId, String secret, String scope, List<String> resources) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (scope != null && !scope.isBlank()) {
            form.append("&scope=").append(encode(scope));
        }
        for (String resource : resources) {
            form.append("&resource=").append(encode(resource));
        }
        // RFC 6749 2.3.1: the client id and secret are form-encoded before Basic encoding
        String basic = Base64.getEncoder()
            .encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(this.settings.resolve("/oauth2/token"))
            .timeout(TIMEOUT)
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
        HttpResponse<String> response = send(request);
        Object body = parseBody(response);
        if (response.statusCode() == 200 && body instanceof Map<?, ?> map && map.get("access_token") != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> token = (Map<String, Object>) map;
            return token;
        }
        if (body instanceof Map<?, ?> map && map.get("error") != null) {
            String description = (map.get("error_description") != null) ? ": " + map.get("error_description") : "";
            int code = (response.statusCode() >= 500) ? CliException.FAILURE : CliException.REFUSED;
            throw new CliException(code, "The token endpoint refused (" + response.statusCode() + "): "
                    + map.get("error") + description, List.of());
        }
        throw unexpected(response);
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    /** Sends one admin request; {@code body} is serialised as JSON, {@code ifMatch} sent when given. */
    public Response send(String method, String path, Object body, String ifMatch) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(this.settings.resolve("/admin/v1" + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + adminToken())
            .header("Accept", "application/json, application/problem+json");
        if (ifMatch != null) {
            builder.header("If-Match", ifMatch);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(Json.compact(body)));
        }
        else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = send(builder.build());
        if (response.statusCode() >= 400) {
            throw refusal(method, path, response);
        }
        return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
                parseBody(response));
    }

    /** The admin API wants {@code platform.admin}; asking for it names a client without it (invalid_scope). */
    public Map<String, Object> adminTokenResponse() {
        return requestToken(this.settings.clientId(), this.settings.clientSecret(), ADMIN_SCOPE, List.of());
    }

    private String adminToken() {
        if (this.adminToken == null) {
            this.adminToken = String.valueOf(adminTokenResponse().get("access_token"));
        }
        return this.adminToken;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (SSLException ex) {
            throw new CliException(CliException.FAILURE, "TLS with " + request.uri().getAuthority() + " failed: "
                    + ex.getMessage() + " (is the server's CA given with --ca-file or PORTCULLIS_CA_FILE?)", List.of());
        }
        catch (IOException ex) {
            String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
            throw new CliException(CliException.FAILURE, "Cannot reach " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + ": " + reason, List.of());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILURE, "Interrupted", List.of());
        }
    }

    private static CliException refusal(String method, String path, HttpResponse<String> response) {
        Object body;
        try {
            body = parseBody(response);
        }
        catch (CliException ex) {
            body = null;
        }
        int status = response.statusCode();
        Map<?, ?> problem = (body instanceof Map<?, ?> map) ? map : Map.of();
        String detail = (problem.get("detail") != null) ? String.valueOf(problem.get("detail"))
                : (problem.get("title") != null) ? String.valueOf(problem.get("title"))
                        : response.headers().firstValue("WWW-Authenticate").orElse("no detail given");
        List<String> details = new ArrayList<>();
        if (problem.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                if (error instanceof Map<?, ?> field) {
                    details.add(field.get("field") + ": " + field.get("message"));
                }
            }
        }
        String what = method + " /admin/v1" + path;
        if (status == 412) {
            return new ApiRefusal(status, problem, "Concurrent change: " + what + " was refused (412) because the "
                    + "target changed since it was read. " + detail, details);
        }
        if (status >= 500) {
            return new ApiRefusal(CliException.FAILURE, status, problem,
                    "The server failed (" + status + ") on " + what + ": " + detail, details);
        }
        return new ApiRefusal(status, problem, "Refused (" + status + ") " + what + ": " + detail, details);
    }

    private static Object parseBody(HttpResponse<String> response) {
        try {
            return Json.parse(response.body());
        }
        catch (IllegalArgumentException ex) {
            throw unexpected(response);
        }
    }

    private static CliException unexpected(HttpResponse<String> response) {
        String body = response.body();
        String excerpt = (body.length() > 200) ? body.substring(0, 200) + "..." : body;
        return new CliException(CliException.FAILURE, "Unexpected answer " + response.statusCode() + " from "
                + response.uri() + ": " + excerpt, List.of());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Every item of a listing of the admin API, read page by page: every list is a page ({@code items},
     * {@code page}, {@code size}, {@code totalItems}). {@code path} may carry a query of its own.
     */
    public List<Object> every(String path) {
        List<Object> all = new ArrayList<>();
        for (int page = 0;; page++) {
            Map<String, Object> result = get(path + (path.contains("?") ? "&" : "?") + "page=" + page + "&size="
                    + MAX_PAGE_SIZE).map();
            List<?> items = (result.get("items") instanceof List<?> list) ? list : List.of();
            all.addAll(items);
            long total = ((Number) result.getOrDefault("totalItems", 0)).longValue();
            if (items.isEmpty() || all.size() >= total) {
                return all;
            }
        }
    }

    /** Builds a query string from the non-null values. */
    public static String query(Map<String, Object> parameters) {
        List<String> parts = new ArrayList<>();
        new LinkedHashMap<>(parameters).forEach((name, value) -> {
            if (value != null) {
                parts.add(name + "=" + encode(String.valueOf(value)));
            }
        });
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    /** A path segment, escaped. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A refusal of the admin API: its status and problem document, for callers that react to one (e.g. 404). */
    public static final class ApiRefusal extends CliException {

        private final int status;

        private final Map<?, ?> problem;

        ApiRefusal(int status, Map<?, ?> problem, String message, List<String> details) {
            this(CliException.REFUSED, status, problem, message, details);
        }

        ApiRefusal(int exitCode, int status, Map<?, ?> problem, String message, List<String> details) {
            super(exitCode, message, details);
            this.status = status;
            this.problem = problem;
        }

        public int status() {
            return this.status;
        }

        public Map<?, ?> problem() {
            return this.problem;
        }

    }

}
