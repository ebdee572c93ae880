package io.portcullis.auth;

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
import java.util.List;
import java.util.Map;

import io.portcullis.testsupport.TestPki;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTPS calls to the OAuth endpoints of a running auth-server, trusting the test PKI. */
public final class OAuthClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;

    private final String baseUrl;

    public OAuthClient(int port) {
        this("https://localhost:" + port);
    }

    public OAuthClient(String baseUrl) {
        this(baseUrl, TestPki.platform().trustOnlySslContext());
    }

    /** Connects with {@code tls}, e.g. one presenting a client certificate. */
    public OAuthClient(String baseUrl, javax.net.ssl.SSLContext tls) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs {@code form} (name, value, name, value...) with HTTP Basic client authentication. */
    public Response post(String path, String clientId, String secret, String... form) {
        return send(HttpRequest.newBuilder(uri(path))
            .header("Authorization", basic(clientId, secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** POSTs {@code form} without an Authorization header. */
    public Response postForm(String path, String... form) {
        return send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    public Response token(String clientId, String secret, String... form) {
        List<String> all = new ArrayList<>(List.of("grant_type", "client_credentials"));
        all.addAll(List.of(form));
        return post("/oauth2/token", clientId, secret, all.toArray(String[]::new));
    }

    /** The access token of a successful client_credentials request. */
    public String accessToken(String clientId, String secret, String... form) {
        Response response = token(clientId, secret, form);
        if (response.status() != 200) {
            throw new AssertionError("Token request failed: " + response.status() + " " + response.body());
        }
        return (String) response.json().get("access_token");
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public URI uri(String path) {
        return URI.create(this.baseUrl + path);
    }

    public static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    /** A response, its headers (lower-case names) and body. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return (values == null || values.isEmpty()) ? null : values.get(0);
        }

        public Map<String, Object> json() {
            return JSON.readValue(this.body, new TypeReference<Map<String, Object>>() {
            });
        }

    }

}
