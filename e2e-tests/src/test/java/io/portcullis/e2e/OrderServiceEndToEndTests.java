package io.portcullis.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.portcullis.e2e.PlatformJourney.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second business service across the running platform: orders through the gateway with the orders resource's
 * scopes, each client's orders its own, and the order-service calling the user-service as itself (its certificate,
 * its own client-credentials token), which the user-service admits, refuses to anyone else, and stops admitting when
 * the order-service's client is revoked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderServiceEndToEndTests {

    @RegisterExtension
    static final PlatformJourney JOURNEY = PlatformJourney.shared();

    private static final Platform platform = JOURNEY.platform();

    private static String userId;

    private static String orderId;

    private final HttpClient client = PlatformJourney.client();

    @Test
    @Order(1)
    void ordersWhenTokenHoldsOrdersWriteThenPlacedThroughTheGatewayForAUserTheUserServiceKnows() throws Exception {
        String token = token("users.write orders.read orders.write");
        HttpResponse<String> user = send(gateway("/api/users", token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofString("{\"username\":\"grace\",\"email\":\"grace@example.com\",\"displayName\":\"Grace\"}")));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
        userId = field(user.body(), "id");

        HttpResponse<String> placed = place(token, userId);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        orderId = field(placed.body(), "id");
        assertThat(placed.headers().firstValue("Location")).hasValue("/api/orders/" + orderId);
        assertThat(field(placed.body(), "status")).isEqualTo("PLACED");

        HttpResponse<String> read = send(gateway("/api/orders/" + orderId, token));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(field(read.body(), "userId")).isEqualTo(userId);
        assertThat(send(gateway("/api/orders?userId=" + userId, token)).body()).contains("\"totalElements\":1");
        HttpResponse<String> cancelled = send(gateway("/api/orders/" + orderId + "/cancel", token)
            .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(field(cancelled.body(), "status")).isEqualTo("CANCELLED");

        HttpResponse<String> nobody = place(token, UUID.randomUUID().toString());
        assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(422);
        assertThat(nobody.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(nobody.body()).contains("The order's user does not exist");
    }

    @Test
    @Order(2)
    void ordersWhenTokenHoldsOnlyOrdersReadThenPlacingIsRefusedAtTheGatewayAndAtTheServiceItself()
            throws Exception {
        String token = token("orders.read");

        HttpResponse<String> atGateway = place(token, userId);
        HttpResponse<String> atService = asGateway().send(HttpRequest.newBuilder(orderService("/orders"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(order(userId)))
            .build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> refused : java.util.List.of(atGateway, atService)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", scope=\"orders.write\"");
        }
        assertThat(send(gateway("/api/orders?userId=" + userId, token)).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void userServiceWhenTheOrderServiceCallsAsItselfThenServedAndTheSameCallFromOutsideIsNot() throws Exception {
        String ownToken = orderServiceToken();
        URI user = userService("/users/" + userId);

        HttpResponse<String> asItself = asOrderService().send(HttpRequest.newBuilder(user)
            .header("Authorization", "Bearer " + ownToken)
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asItself.statusCode()).as(asItself.body()).isEqualTo(200);
        assertThat(field(asItself.body(), "status")).isEqualTo("ACTIVE");
        // admitted for reading one user, nothing else of the users API
        assertThat(asOrderService().send(HttpRequest.newBuilder(userService("/users"))
            .header("Authorization", "Bearer " + ownToken)
            .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);

        // from outside: a token meant for the gateway, or the order-service's own, without a platform certificate
        // is refused at the TLS handshake, and with the certificate of a caller the user-service does not admit, 403
        String gatewayBound = token("users.read");
        for (String token : new String[] { gatewayBound, ownToken }) {
            assertThatThrownBy(() -> this.client.send(HttpRequest.newBuilder(user)
                .header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
            HttpClient intruder = HttpClient.newBuilder().sslContext(TestPki.platform().sslContext("intruder")).build();
            assertThat(intruder.send(HttpRequest.newBuilder(user).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        }
    }

    @Test
    @Order(4)
    void orderServiceWhenItsClientsTokensAreRevokedThenTheUserServiceRefusesItsNextCallAndItRecovers()
            throws Exception {
        String token = token("orders.write");
        assertThat(place(token, userId).statusCode()).as("the order-service holds a token").isEqualTo(201);
        String ownToken = orderServiceToken();
        URI user = userService("/users/" + userId);

        HttpResponse<String> revoked = send(HttpRequest.newBuilder(URI.create(platform.issuer()
                + "/admin/v1/clients/" + Platform.ORDER_SERVICE_CLIENT + "/tokens/revoke"))
            .header("Authorization", "Bearer " + adminToken())
            .POST(HttpRequest.BodyPublishers.noBody()));
        long revokedAt = System.nanoTime();
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        int status = 200;
        while (status != 401) {
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("the user-service refuses the revoked token")
                .isLessThan(Duration.ofSeconds(2));
            status = asOrderService().send(HttpRequest.newBuilder(user).header("Authorization", "Bearer " + ownToken)
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        System.out.println("order-service's client revoked to refusal at the user-service: "
                + Duration.ofNanos(System.nanoTime() - revokedAt).toMillis() + " ms");

        // the order-service's next call carries its cached, now revoked token: refused, so the order cannot be
        // confirmed (503, never a hang); the refusal drops that token and a later order gets a new one
        HttpResponse<String> refused = place(token, userId);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        int placed = 503;
        long retried = System.nanoTime();
        while (placed != 201) {
            assertThat(Duration.ofNanos(System.nanoTime() - retried)).as("an order placed again")
                .isLessThan(Duration.ofSeconds(5));
            Thread.sleep(200);
            placed = place(token, userId).statusCode();
        }
    }

    @Test
    @Order(5)
    void ordersWhenAnotherClientHoldsTheSameScopesThenItNeitherSeesNorCancelsTheFirstClientsOrders()
            throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(platform.issuer() + "/admin/v1/clients"))
            .header("Authorization", "Bearer " + adminToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"E2E partner\", "
                    + "\"scopes\": [\"orders.read\", \"orders.write\"]}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String partner = tokenOf(field(created.body(), "clientId"), field(created.body(), "clientSecret"),
                "orders.read orders.write");

        assertThat(send(gateway("/api/orders/" + orderId, partner)).statusCode()).isEqualTo(404);
        HttpResponse<String> cancelled = send(gateway("/api/orders/" + orderId + "/cancel", partner)
            .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(cancelled.statusCode()).isEqualTo(404);
        assertThat(send(gateway("/api/orders?userId=" + userId, partner)).body()).contains("\"totalElements\":0");
        HttpResponse<String> own = place(partner, userId);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertThat(send(gateway("/api/orders/" + field(own.body(), "id"), partner)).statusCode()).isEqualTo(200);
        assertThat(send(gateway("/api/orders/" + field(own.body(), "id"), token("orders.read"))).statusCode())
            .isEqualTo(404);
    }

    private HttpResponse<String> place(String token, String user) throws Exception {
        return send(gateway("/api/orders", token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(order(user))));
    }

    private static String order(String user) {
        return "{\"userId\":\"" + user + "\",\"product\":\"BOOK-42\",\"quantity\":1}";
    }

    private static HttpClient asGateway() {
        return HttpClient.newBuilder().sslContext(TestPki.platform().sslContext("gateway")).build();
    }

    private static HttpClient asOrderService() {
        return HttpClient.newBuilder().sslContext(TestPki.platform().sslContext("order-service")).build();
    }

    private static URI orderService(String path) {
        return URI.create("https://localhost:" + platform.port("order-service") + path);
    }

    /** The user-service instance the order-service calls. */
    private static URI userService(String path) {
        return URI.create("https://localhost:" + platform.port("user-service-1") + path);
    }

    /** A token of the order-service's own client, as the order-service gets it. */
    private String orderServiceToken() throws Exception {
        return tokenOf(Platform.ORDER_SERVICE_CLIENT, platform.orderServiceSecret, "users.read");
    }

    private String adminToken() throws Exception {
        return tokenOf("portcullis-admin", platform.adminSecret, "platform.admin");
    }

    private String token(String scope) throws Exception {
        return tokenOf(Platform.DEMO_CLIENT, platform.demoSecret, scope);
    }

    private String tokenOf(String clientId, String secret, String scope) throws Exception {
        return JOURNEY.token(this.client, clientId, secret, scope);
    }

    private HttpRequest.Builder gateway(String path, String token) {
        return JOURNEY.gateway(path).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return PlatformJourney.send(this.client, request);
    }

}
