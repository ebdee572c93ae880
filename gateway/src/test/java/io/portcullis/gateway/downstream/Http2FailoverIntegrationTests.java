package io.portcullis.gateway.downstream;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.gateway.EdgeClient;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/2 clients through an instance failure: many GET and POST streams at once on ONE h2 connection to the
 * gateway, each POST with a body of its own, while one of two instances fails. A failure of one stream's upstream
 * call stays that stream's: no other stream on the connection fails, a GET is answered by the other instance, a POST
 * that cannot be sent again is the same 502 (or, unanswered in time, 504) problem as on HTTP/1.1, nothing is a 500, every body reaches the
 * instance as sent, and Netty logs no reference-count error.
 * <p>
 * The gateway caches each request's body for a retry. Over h2, Netty hands a request's DATA frame to the gateway as
 * a slice that shares its reference count with the connection's whole read buffer, which holds the frames of the
 * other streams too: a cache that released "its" buffer until nothing referenced it freed the others' frames, and
 * the connection failed (IllegalReferenceCountException, "Error finishing response. Closing connection").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "server.http2.enabled=true", "spring.cloud.gateway.server.webflux.httpclient.response-timeout=3s",
                // the dying instance keeps its share of the streams (not ejected), and every GET it drops is
                // retried (no budget runs out): each POST it reads is a 502 and nothing else fails
                "portcullis.downstream.ejection.consecutive-failures=1000",
                "portcullis.downstream.retry.budget-ratio=1.0",
                // the load is this class's own: no rate limit, and a client id no other class's bucket counts
                "PORTCULLIS_USERS_RATE=100000", "PORTCULLIS_USERS_BURST=100000" })
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class Http2FailoverIntegrationTests {

    /** Streams in flight at once on the one connection. */
    private static final int STREAMS = 12;

    static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    static final TestUpstream FIRST = new TestUpstream();

    static final TestUpstream SECOND = new TestUpstream();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        GatewayTestEnvironment.register(registry, AUTH, FIRST, SECOND);
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        FIRST.close();
        SECOND.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    EdgeClient edge;

    String token;

    HttpClient h2;

    @BeforeEach
    void bothInstancesServingAndOneH2Connection() throws Exception {
        this.edge = new EdgeClient(this.port);
        this.token = AUTH.token(GatewayTestEnvironment.AUDIENCE)
            .clientId("h2-failover")
            .scope("users.read users.write")
            .build();
        for (TestUpstream upstream : List.of(FIRST, SECOND)) {
            upstream.restart();
            upstream.answer();
            upstream.drop(false);
            upstream.ready(true);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(FIRST) == 1 && ready(SECOND) == 1
                && ejected(FIRST) == 0 && ejected(SECOND) == 0);
        // one client, one connection: the first request opens it before the streams run at once on it
        this.h2 = HttpClient.newBuilder()
            .sslContext(TestPki.platform().trustOnlySslContext())
            .version(HttpClient.Version.HTTP_2)
            .build();
        HttpResponse<String> first = this.h2.send(get().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(first.statusCode()).isEqualTo(200);
        FIRST.forget();
        SECOND.forget();
    }

    @AfterEach
    void closeClient() {
        this.h2.close();
    }

    @Test
    void postsWhenManyAtOnceOnOneConnectionThenEachRelayedWithItsOwnBody(CapturedOutput output) throws Exception {
        Load load = new Load(this.h2);
        load.run(30, () -> true);

        assertThat(load.statuses().keySet()).as("statuses %s", load.statuses()).containsExactlyInAnyOrder("GET 200",
                "POST 200");
        assertThat(load.other).as("h2 for every answer").isEmpty();
        // every body reached an instance exactly as the client sent it, none twice, none mixed with another's
        List<String> bodies = new ArrayList<>();
        for (TestUpstream upstream : List.of(FIRST, SECOND)) {
            upstream.seen().stream().filter((seen) -> seen.method().equals("POST")).forEach((seen) -> bodies.add(
                    seen.body()));
        }
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(load.sentBodies);
        assertNoNettyErrors(output);
    }

    @Test
    void streamsOnOneConnectionWhenAnInstanceDiesMidRequestThenGetsRetriedPostsAre502AndNoOtherStreamFails(
            CapturedOutput output) throws Exception {
        FIRST.drop(true);
        Load load = new Load(this.h2);
        load.run(30, () -> true);

        // a GET the dying instance read is sent again to the other; a POST it read may have taken effect there, so
        // it is not sent again: 502 problem+json, exactly one per POST the dying instance read
        assertThat(load.statuses().keySet()).as("statuses %s", load.statuses()).containsExactlyInAnyOrder("GET 200",
                "POST 200", "POST 502");
        long postsDropped = FIRST.seen().stream().filter((seen) -> seen.method().equals("POST")).count();
        assertThat(load.statuses().get("POST 502").get()).isEqualTo(postsDropped);
        assertThat(load.badGateway).allSatisfy((response) -> {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"status\":502");
        });
        assertThat(load.other).as("h2 for every answer").isEmpty();
        assertNoNettyErrors(output);
    }

    @Test
    void streamsOnOneConnectionWhenAnInstanceIsKilledUnderLoadThenNoOtherStreamFails(CapturedOutput output)
            throws Exception {
        AtomicInteger afterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        Load load = new Load(this.h2);
        try (ExecutorService killer = Executors.newVirtualThreadPerTaskExecutor()) {
            killer.submit(() -> {
                await().atMost(Duration.ofSeconds(20))
                    .until(() -> !FIRST.seen().isEmpty() && !SECOND.seen().isEmpty());
                FIRST.close();
                killed.set(true);
                return null;
            });
            load.run(Integer.MAX_VALUE, () -> !killed.get() || afterKill.incrementAndGet() < 200);
        }

        // a request the killed instance had read when it went away can only be a POST that is not sent again (at
        // most one a stream): 502 when its connection ended, 504 when neither an answer nor the connection's end
        // came within the response timeout (seen once in CI on a loaded machine: the instance here is the JDK's HTTP
        // server stopped in-process, not a process whose kernel closes every socket); a GET is answered by the other
        // instance, and no other stream fails
        assertThat(load.statuses().keySet()).as("statuses %s", load.statuses()).contains("GET 200", "POST 200")
            .isSubsetOf("GET 200", "POST 200", "POST 502", "POST 504");
        int unanswered = load.statuses().getOrDefault("POST 502", new AtomicInteger()).get()
                + load.statuses().getOrDefault("POST 504", new AtomicInteger()).get();
        assertThat(unanswered).isLessThanOrEqualTo(STREAMS);
        assertThat(load.other).as("h2 for every answer").isEmpty();
        assertNoNettyErrors(output);
        // each of them was the killed instance's, not a slow answer of the living one
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                output.getOut().lines().filter((line) -> line.matches(".* POST /api/users 50[24] .*")))
            .hasSize(unanswered)
            .allSatisfy((line) -> assertThat(line).contains(" instance=" + FIRST.instance() + " ")));
    }

    private static void assertNoNettyErrors(CapturedOutput output) {
        assertThat(output.getOut() + output.getErr()).doesNotContain("IllegalReferenceCountException")
            .doesNotContain("Error finishing response")
            .doesNotContain("Error starting response")
            .doesNotContain("LEAK:")
            .doesNotContain(" 500 server_error");
    }

    private HttpRequest.Builder get() {
        return this.edge.request("/api/users").header("Authorization", "Bearer " + this.token);
    }

    private double ready(TestUpstream upstream) {
        Gauge gauge = this.registry.find("portcullis.gateway.instance.ready").tag("instance", upstream.instance())
            .gauge();
        return (gauge != null) ? gauge.value() : -1;
    }

    private double ejected(TestUpstream upstream) {
        Gauge gauge = this.registry.find("portcullis.gateway.instance.ejected")
            .tag("instance", upstream.instance())
            .gauge();
        return (gauge != null) ? gauge.value() : 0;
    }

    /**
     * {@value #STREAMS} virtual threads sending on one client (so on its one h2 connection), every other request a
     * POST with a body of its own (a few hundred bytes to a few KB, so that the DATA frames of several streams
     * arrive in one read); counts answers by method and status, -1 for a stream that failed without an answer.
     */
    private final class Load {

        final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

        final List<String> sentBodies = new CopyOnWriteArrayList<>();

        final List<HttpResponse<String>> badGateway = new CopyOnWriteArrayList<>();

        /** Answers not over h2, and failed streams: none expected. */
        final List<String> other = new CopyOnWriteArrayList<>();

        private final HttpClient client;

        Load(HttpClient client) {
            this.client = client;
        }

        Map<String, AtomicInteger> statuses() {
            return this.statuses;
        }

        void run(int requestsPerStream, java.util.function.BooleanSupplier goOn) throws Exception {
            try (ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int s = 0; s < STREAMS; s++) {
                    int stream = s;
                    running.add(streams.submit(() -> {
                        for (int i = 0; i < requestsPerStream && goOn.getAsBoolean(); i++) {
                            send(stream, i, (i + stream) % 2 == 0);
                        }
                        return null;
                    }));
                }
                for (Future<?> stream : running) {
                    stream.get();
                }
            }
        }

        private void send(int stream, int i, boolean write) {
            HttpRequest.Builder request = get();
            if (write) {
                String body = "{\"name\":\"s" + stream + "r" + i + "\",\"pad\":\"" + "x".repeat(200 + 97 * ((stream
                        * 31 + i * 7) % 40)) + "\"}";
                this.sentBodies.add(body);
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            }
            String key;
            try {
                HttpResponse<String> response = this.client.send(request.build(),
                        HttpResponse.BodyHandlers.ofString());
                key = (write ? "POST " : "GET ") + response.statusCode();
                if (response.version() != HttpClient.Version.HTTP_2) {
                    this.other.add(key + " over " + response.version());
                }
                if (response.statusCode() == 502) {
                    this.badGateway.add(response);
                }
            }
            catch (Exception ex) {
                key = (write ? "POST " : "GET ") + "-1";
                this.other.add(key + " " + ex);
            }
            this.statuses.computeIfAbsent(key, (name) -> new AtomicInteger()).incrementAndGet();
        }

    }

}
