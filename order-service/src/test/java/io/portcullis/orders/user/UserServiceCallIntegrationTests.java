package io.portcullis.orders.user;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.portcullis.orders.OrderServiceIntegrationTestSupport;
import io.portcullis.orders.StandInTokenEndpoint;
import io.portcullis.orders.StandInUserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.orders.OrderServiceTestEnvironment.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Placing an order asks the user-service as the order-service itself, over real mutual TLS: its own certificate,
 * its own client-credentials token (fetched once, reused, replaced when refused). When the user-service is down,
 * slow or refusing, the order is answered 503 with {@code Retry-After} within the configured times (1 s here).
 */
class UserServiceCallIntegrationTests extends OrderServiceIntegrationTestSupport {

    @BeforeEach
    @AfterEach
    void reset() {
        this.jdbc.update("DELETE FROM orders");
        ENV.link.restore();
        ENV.users.delay(Duration.ZERO);
        ENV.users.refuseWith(0);
        ENV.tokens.refuse(false);
    }

    @Test
    void placeWhenUserServiceAskedThenAsTheOrderServiceWithItsCertificateAndOneCachedToken() {
        int tokenRequests = ENV.tokens.requests().size();
        int calls = ENV.users.calls().size();
        UUID user = ENV.users.add("ACTIVE");

        assertThat(ENV.place(order(user)).statusCode()).isEqualTo(201);
        assertThat(ENV.place(order(user)).statusCode()).isEqualTo(201);

        assertThat(ENV.tokens.requests().subList(tokenRequests, ENV.tokens.requests().size()))
            .as("one token for both orders").hasSizeLessThanOrEqualTo(1)
            .allSatisfy((form) -> assertThat(form).contains("grant_type=client_credentials").contains("scope=users.read"));
        assertThat(ENV.tokens.requests()).isNotEmpty();
        StandInUserService.Call call = ENV.users.calls().get(calls);
        assertThat(call.callerNames()).contains("order-service");
        assertThat(call.authorization()).startsWith("Bearer ");
        String claims = new String(Base64.getUrlDecoder().decode(call.authorization().split("\\.")[1]));
        assertThat((String) JsonPath.read(claims, "$.client_id")).isEqualTo(StandInTokenEndpoint.CLIENT_ID);
        assertThat((String) JsonPath.read(claims, "$.aud")).isEqualTo(StandInTokenEndpoint.USERS_AUDIENCE);
        assertThat(ENV.users.calls().get(calls + 1).authorization()).isEqualTo(call.authorization());
    }

    @Test
    void placeWhenUserServiceDownThenServiceUnavailableWithRetryAfterAtOnceAndNothingStored() {
        UUID user = ENV.users.add("ACTIVE");
        ENV.link.cut();

        long started = System.nanoTime();
        HttpResponse<String> placed = ENV.place(order(user));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertUnavailable(placed);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(count()).isZero();
        ENV.link.restore();
        assertThat(ENV.place(order(user)).statusCode()).isEqualTo(201);
    }

    @Test
    void placeWhenUserServiceSlowThenServiceUnavailableWithinTheReadTimeoutAndNothingStored() {
        UUID user = ENV.users.add("ACTIVE");
        ENV.place(order(user));
        this.jdbc.update("DELETE FROM orders");
        ENV.users.delay(Duration.ofSeconds(10));

        long started = System.nanoTime();
        HttpResponse<String> placed = ENV.place(order(user));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertUnavailable(placed);
        System.out.println("order with a user-service that does not answer: 503 after " + took.toMillis() + " ms");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(3));
        assertThat(count()).isZero();
    }

    @Test
    void placeWhenUserServiceRefusesTheTokenThenServiceUnavailableAndTheNextOrderUsesANewToken() {
        UUID user = ENV.users.add("ACTIVE");
        assertThat(ENV.place(order(user)).statusCode()).isEqualTo(201);
        int tokenRequests = ENV.tokens.requests().size();
        ENV.users.refuseWith(401);

        assertUnavailable(ENV.place(order(user)));

        ENV.users.refuseWith(0);
        assertThat(ENV.place(order(user)).statusCode()).isEqualTo(201);
        assertThat(ENV.tokens.requests()).hasSize(tokenRequests + 1);
    }

    @Test
    void placeWhenTheAuthServerRefusesTheOrderServiceThenServiceUnavailableAndTheUserServiceIsNotAsked() {
        UUID user = ENV.users.add("ACTIVE");
        ENV.users.refuseWith(401);
        ENV.place(order(user));
        ENV.tokens.refuse(true);
        int calls = ENV.users.calls().size();

        assertUnavailable(ENV.place(order(user)));
        assertThat(ENV.users.calls()).hasSize(calls);
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
            .contains("\"detail\":\"The user-service cannot confirm the order's user now; retry later\"");
    }

    private int count() {
        return this.jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
    }

}
