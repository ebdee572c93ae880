package io.portcullis.gateway.system;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway stopped while HTTP/2 clients hold connections to it stops as soon as its requests are done, not after
 * the grace period, and what it answers until then is no error.
 * <p>
 * The graceful shutdown sends each h2 connection with open streams a GOAWAY and waits, without a time limit, until
 * Netty has closed it; Netty does that when the open streams have closed one by one. A request the client sent before
 * it read the GOAWAY is ignored, and its body then counts as a protocol error: Netty closes the connection at once,
 * dropping the streams it still counted without completing the graceful close, and the gateway waited out the whole
 * grace period ({@code spring.lifecycle.timeout-per-shutdown-phase}, 7 s; PlatformEndToEndTests' gateway SIGTERM under
 * h2 load took 11.5 s). {@code Http2GracefulClose} completes it when the connection has closed.
 */
class Http2ShutdownIntegrationTests {

    static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    static final TestUpstream UPSTREAM = new TestUpstream();

    @AfterAll
    static void stop() {
        AUTH.close();
        UPSTREAM.close();
    }

    String token;

    @BeforeEach
    void token() {
        this.token = AUTH.token(GatewayTestEnvironment.AUDIENCE)
            .clientId("h2-shutdown")
            .scope("users.read users.write")
            .build();
        UPSTREAM.answer();
    }

    @Test
    void gatewayWhenStoppingAndARequestCrossesTheGoawayThenStopsWithoutWaitingOutTheGracePeriod() throws Exception {
        ConfigurableApplicationContext gateway = gateway();
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        UPSTREAM.hang();
        try (RawH2Connection h2 = new RawH2Connection(port)) {
            // stream 1 stays open: the gateway waits for the service's answer
            h2.headers(1, "GET", port, this.token, true);
            await().atMost(Duration.ofSeconds(10)).until(() -> !UPSTREAM.seen().isEmpty());
            CompletableFuture<Duration> stopping = CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                gateway.close();
                return Duration.ofNanos(System.nanoTime() - started);
            });
            // past the drain the graceful shutdown sends GOAWAY (last stream 1) and waits for stream 1
            assertThat(h2.goaway.await(10, TimeUnit.SECONDS)).as("GOAWAY").isTrue();
            // a request the client sent before it read the GOAWAY: Netty ignores its HEADERS and takes its DATA for
            // a protocol error, so the connection is closed with stream 1 still open
            h2.headers(3, "POST", port, this.token, false);
            h2.data(3, "{\"name\":\"late\"}");
            assertThat(h2.closed.await(10, TimeUnit.SECONDS)).as("connection closed by the gateway").isTrue();

            // nothing is left to wait for: the gateway stops at once, not after the 10 s grace period
            assertThat(stopping.get()).isLessThan(Duration.ofSeconds(5));
        }
        finally {
            UPSTREAM.answer();
            gateway.close();
        }
    }

    @Test
    void gatewayWhenStoppedUnderH2LoadThenStopsWithinDrainAndAnswersNoError() throws Exception {
        ConfigurableApplicationContext gateway = gateway();
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Duration stopping;
        try (HttpClient client = client(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> load = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int stream = c;
                load.add(threads.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        boolean write = (i + stream) % 4 == 0;
                        HttpRequest.Builder request = get(port);
                        if (write) {
                            request.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"s" + stream + "r" + i
                                    + "\"}"));
                        }
                        String key;
                        try {
                            HttpResponse<String> response = client.send(request.build(),
                                    HttpResponse.BodyHandlers.ofString());
                            key = (write ? "POST " : "GET ") + response.statusCode() + " " + response.version();
                        }
                        catch (Exception ex) {
                            key = (write ? "POST " : "GET ") + "-1";
                        }
                        outcomes.computeIfAbsent(key, (name) -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.values().stream()
                    .mapToInt(AtomicInteger::get)
                    .sum() >= 100);
                long started = System.nanoTime();
                gateway.close();
                stopping = Duration.ofNanos(System.nanoTime() - started);
            }
            finally {
                running.set(false);
                gateway.close();
            }
            for (Future<?> stream : load) {
                stream.get();
            }
        }
        // what the gateway answered was no error; requests after it went away meet a closed port (-1)
        assertThat(outcomes.keySet()).as("outcomes %s", outcomes)
            .contains("GET 200 HTTP_2")
            .allMatch((key) -> key.equals("GET 200 HTTP_2") || key.equals("POST 200 HTTP_2") || key.endsWith(" -1"));
        // drain (0.5 s), then the graceful shutdown: the requests in progress finish, nothing waits for the grace period
        assertThat(stopping).as("outcomes %s", outcomes).isLessThan(Duration.ofSeconds(5));
    }

    private static ConfigurableApplicationContext gateway() {
        TestPki pki = TestPki.platform();
        return new SpringApplicationBuilder(GatewayApplication.class).profiles("test")
            .run("--PORTCULLIS_TLS_CERTIFICATE=file:" + pki.certificateFile("gateway"),
                    "--PORTCULLIS_TLS_PRIVATE_KEY=file:" + pki.keyFile("gateway"),
                    "--PORTCULLIS_TLS_CA=file:" + pki.caFile(), "--portcullis.token.jwks-uri=" + AUTH.jwksUri(),
                    "--PORTCULLIS_USERS_INSTANCES=" + UPSTREAM.uri(), "--PORTCULLIS_USERS_RATE=100000",
                    "--PORTCULLIS_USERS_BURST=100000", "--portcullis.shutdown.drain=500ms",
                    "--spring.lifecycle.timeout-per-shutdown-phase=10s",
                    "--spring.cloud.gateway.server.webflux.httpclient.response-timeout=30s",
                    "--logging.level.io.portcullis.gateway.system.Http2GracefulClose=debug");
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
            .sslContext(TestPki.platform().trustOnlySslContext())
            .version(HttpClient.Version.HTTP_2)
            .build();
    }

    private HttpRequest.Builder get(int port) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/users"))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + this.token);
    }

    /** An h2 client speaking frames directly (TLS with ALPN h2), to send what the JDK client sends only by chance. */
    private static final class RawH2Connection implements AutoCloseable {

        final CountDownLatch goaway = new CountDownLatch(1);

        final CountDownLatch closed = new CountDownLatch(1);

        private final SSLSocket socket;

        private final OutputStream out;

        private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();

        RawH2Connection(int port) throws Exception {
            this.socket = (SSLSocket) TestPki.platform().trustOnlySslContext().getSocketFactory()
                .createSocket("localhost", port);
            SSLParameters parameters = this.socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] { "h2" });
            this.socket.setSSLParameters(parameters);
            this.socket.startHandshake();
            assertThat(this.socket.getApplicationProtocol()).isEqualTo("h2");
            this.out = this.socket.getOutputStream();
            synchronized (this.out) {
                this.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                frame(0x4, 0, 0, new byte[0]);
            }
            Thread.ofVirtual().start(this::read);
        }

        void headers(int stream, String method, int port, String token, boolean endStream) throws Exception {
            Http2Headers headers = new DefaultHttp2Headers().method(method)
                .scheme("https")
                .authority("localhost:" + port)
                .path("/api/users")
                .add("authorization", "Bearer " + token);
            if (!endStream) {
                headers.add("content-type", "application/json");
            }
            ByteBuf block = Unpooled.buffer();
            try {
                this.hpack.encodeHeaders(stream, headers, block);
                byte[] bytes = new byte[block.readableBytes()];
                block.readBytes(bytes);
                // END_HEADERS, and END_STREAM for a request without a body
                frame(0x1, endStream ? 0x5 : 0x4, stream, bytes);
            }
            finally {
                block.release();
            }
        }

        void data(int stream, String body) throws Exception {
            frame(0x0, 0x1, stream, body.getBytes(StandardCharsets.UTF_8));
        }

        private void frame(int type, int flags, int stream, byte[] payload) throws Exception {
            byte[] header = { (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                    (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8),
                    (byte) stream };
            synchronized (this.out) {
                this.out.write(header);
                this.out.write(payload);
                this.out.flush();
            }
        }

        private void read() {
            try {
                DataInputStream in = new DataInputStream(this.socket.getInputStream());
                while (true) {
                    byte[] header = new byte[9];
                    in.readFully(header);
                    int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
                    in.readFully(new byte[length]);
                    int type = header[3];
                    if (type == 0x4 && (header[4] & 0x1) == 0) {
                        frame(0x4, 0x1, 0, new byte[0]);
                    }
                    if (type == 0x7) {
                        this.goaway.countDown();
                    }
                }
            }
            catch (Exception ex) {
                this.closed.countDown();
            }
        }

        @Override
        public void close() throws Exception {
            this.socket.close();
        }

    }

}
