package io.portcullis.gateway.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor Netty's own request (also under a decorator) is walked in Netty's headers, and a change made there is
 * what Spring's headers of the same request show; any other request (a mock, a copy rebuilt by mutate(), either
 * under a decorator) is walked through Spring's headers.
 */
class ArrivedHeadersTests {

    @Test
    void ofWhenReactorNettysRequestThenItsHeadersAndChangesShowInSpringsView() throws Exception {
        HttpHandler handler = (request, response) -> {
            io.netty.handler.codec.http.HttpHeaders arrived = ArrivedHeaders
                .of(new ServerHttpRequestDecorator(request));
            String answer;
            if (arrived == null) {
                answer = "none";
            }
            else {
                arrived.remove("X-Forwarded-For");
                arrived.set("X-Request-Id", "set-in-place");
                answer = arrived.get("X-Note") + " " + request.getHeaders().getFirst("X-Request-Id") + " "
                        + request.getHeaders().containsHeader("X-Forwarded-For") + " "
                        + (ArrivedHeaders.of(request.mutate().header("X-Note", "b").build()) == null);
            }
            DataBuffer body = response.bufferFactory().wrap(answer.getBytes(StandardCharsets.UTF_8));
            return response.writeWith(reactor.core.publisher.Mono.just(body));
        };
        DisposableServer server = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(new ReactorHttpHandlerAdapter(handler))
            .bindNow();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/users"))
                .header("X-Note", "a")
                .header("X-Forwarded-For", "6.6.6.6")
                .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo("a set-in-place false true");
        }
        finally {
            server.disposeNow();
        }
    }

    @Test
    void ofWhenNotReactorNettysRequestThenNone() {
        ServerHttpRequest mock = MockServerHttpRequest.get("/api/users").header("X-Note", "a").build();

        assertThat(ArrivedHeaders.of(mock)).isNull();
        assertThat(ArrivedHeaders.of(new ServerHttpRequestDecorator(mock))).isNull();
        assertThat(ArrivedHeaders.of(mock.mutate().header("X-Note", "b").build())).isNull();
    }

}
