package io.portcullis.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.portcullis.testsupport.TestPki;

/** A client calling the gateway over HTTPS, trusting the platform CA. */
public final class EdgeClient {

    private final HttpClient http = HttpClient.newBuilder()
        .sslContext(TestPki.platform().trustOnlySslContext())
        .build();

    private final int port;

    public EdgeClient(int port) {
        this.port = port;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
            .timeout(Duration.ofSeconds(10));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public HttpResponse<String> get(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token));
    }

}
