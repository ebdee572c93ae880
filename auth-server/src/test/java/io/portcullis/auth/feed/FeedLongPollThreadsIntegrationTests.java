package io.portcullis.auth.feed;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import io.portcullis.auth.OAuthClient.Response;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every follower of the feed keeps a long poll open; with four request threads and six polls waiting, tokens are
 * still issued at once (a poll on a request thread would take all four away).
 */
@TestPropertySource(properties = "server.tomcat.threads.max=4")
class FeedLongPollThreadsIntegrationTests extends AuthServerIntegrationTestSupport {

    private static final int POLLS = 6;

    @Autowired
    FeedSignal signal;

    @Test
    void tokenWhenMoreLongPollsWaitThanTheServerHasRequestThreadsThenIssuedAtOnce() throws Exception {
        TestClients.Created client = save(TestClients.confidential().defaultScopes("users.read"));
        String feed = this.oauth.accessToken(SecurityFeedIntegrationTests.EDGE, SecurityFeedIntegrationTests.EDGE_SECRET);
        long last = ((Number) get("/feed/v1/events?after=0&wait=0", feed).json().get("last")).longValue();
        try (ExecutorService followers = Executors.newFixedThreadPool(POLLS)) {
            List<CompletableFuture<Response>> polls = IntStream.range(0, POLLS)
                .mapToObj((i) -> CompletableFuture
                    .supplyAsync(() -> get("/feed/v1/events?after=" + last + "&wait=20", feed), followers))
                .toList();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (this.signal.waiting() < POLLS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(this.signal.waiting()).isEqualTo(POLLS);

            long started = System.nanoTime();
            Response token = this.oauth.token(client.clientId(), client.secret());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(token.status()).isEqualTo(200);
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(polls).noneMatch(CompletableFuture::isDone);

            this.signal.signal();

            for (CompletableFuture<Response> poll : polls) {
                Response answer = poll.get(5, TimeUnit.SECONDS);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(((Number) answer.json().get("last")).longValue()).isEqualTo(last);
            }
            assertThat(this.signal.waiting()).isZero();
        }
    }

    private Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.oauth.uri(path)).GET();
        request.header("Authorization", "Bearer " + token);
        return this.oauth.send(request.timeout(Duration.ofSeconds(30)));
    }

}
