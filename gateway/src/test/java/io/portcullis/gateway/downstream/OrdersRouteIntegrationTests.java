package io.portcullis.gateway.downstream;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders route: {@code /api/orders/**} to the order-service's instances, with a token for the orders resource
 * (the gateway accepts every resource it fronts) and the route's own scopes.
 */
class OrdersRouteIntegrationTests extends GatewayIntegrationTestSupport {

    private static final String ORDERS_AUDIENCE = "https://orders.portcullis.local";

    private static final TestUpstream ORDER_SERVICE = new TestUpstream();

    @DynamicPropertySource
    static void orderService(DynamicPropertyRegistry registry) {
        registry.add("PORTCULLIS_ORDERS_INSTANCES", ORDER_SERVICE::uri);
    }

    @AfterAll
    static void stop() {
        ORDER_SERVICE.close();
    }

    @BeforeEach
    void forget() {
        ORDER_SERVICE.forget();
    }

    @Test
    void requestWhenTokenForTheOrdersResourceWithScopeThenRelayedToTheOrderServiceOverMutualTls() {
        String token = AUTH.token(ORDERS_AUDIENCE).scope("orders.write").build();

        HttpResponse<String> response = this.edge.send(this.edge.request("/api/orders/42/cancel")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ORDER_SERVICE.seen()).singleElement().satisfies((seen) -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.uri()).isEqualTo("/orders/42/cancel");
            assertThat(seen.header("Authorization")).isEqualTo("Bearer " + token);
            assertThat(seen.clientCertificate()).contains("CN=gateway");
        });
        assertThat(UPSTREAM.seen()).isEmpty();
    }

    @Test
    void requestWhenOnlyOrdersReadThenPlacingIsForbiddenNamingOrdersWriteAndServiceSawNothing() {
        String token = AUTH.token(ORDERS_AUDIENCE).scope("orders.read").build();

        HttpResponse<String> read = this.edge.get("/api/orders?userId=7", token);
        HttpResponse<String> place = this.edge.send(this.edge.request("/api/orders")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(place.statusCode()).isEqualTo(403);
        assertThat(place.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"insufficient_scope\", scope=\"orders.write\"");
        assertThat(ORDER_SERVICE.seen()).singleElement().satisfies((seen) -> assertThat(seen.uri())
            .isEqualTo("/orders?userId=7"));
    }

    @Test
    void requestWhenTokenForTheOrdersResourceOnTheUsersRouteThenForbiddenAndNeitherServiceSawIt() {
        String orders = AUTH.token(ORDERS_AUDIENCE).scope("orders.read orders.write").build();
        String users = AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").build();

        HttpResponse<String> onUsers = this.edge.get("/api/users", orders);
        HttpResponse<String> onOrders = this.edge.get("/api/orders", users);

        assertThat(onUsers.statusCode()).isEqualTo(403);
        assertThat(onUsers.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"insufficient_scope\", scope=\"users.read\"");
        assertThat(onOrders.statusCode()).isEqualTo(403);
        assertThat(UPSTREAM.seen()).isEmpty();
        assertThat(ORDER_SERVICE.seen()).isEmpty();
    }

}
