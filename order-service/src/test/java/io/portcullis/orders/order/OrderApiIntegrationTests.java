package io.portcullis.orders.order;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.portcullis.orders.OrderServiceIntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.orders.OrderServiceTestEnvironment.CLIENT;
import static io.portcullis.orders.OrderServiceTestEnvironment.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The orders API over real HTTPS, called as the gateway, with the user-service's answers from a stand-in. */
class OrderApiIntegrationTests extends OrderServiceIntegrationTestSupport {

    @BeforeEach
    void clean() {
        this.jdbc.update("DELETE FROM orders");
    }

    @Test
    void placeWhenUserActiveThenCreatedWithLocationAndEtagAndStored() {
        UUID user = ENV.users.add("ACTIVE");

        HttpResponse<String> placed = ENV.place(order(user));

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String id = JsonPath.read(placed.body(), "$.id");
        assertThat(placed.headers().firstValue("Location")).hasValue("/orders/" + id);
        assertThat(placed.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat((String) JsonPath.read(placed.body(), "$.userId")).isEqualTo(user.toString());
        assertThat((String) JsonPath.read(placed.body(), "$.product")).isEqualTo("BOOK-42");
        assertThat((Integer) JsonPath.read(placed.body(), "$.quantity")).isEqualTo(2);
        assertThat((String) JsonPath.read(placed.body(), "$.status")).isEqualTo("PLACED");
        assertThat(this.jdbc.queryForObject("SELECT user_id FROM orders WHERE id = ?::uuid", UUID.class, id))
            .isEqualTo(user);
        assertThat((String) JsonPath.read(placed.body(), "$.placedBy")).isEqualTo(CLIENT);
        assertThat(this.jdbc.queryForObject("SELECT placed_by FROM orders WHERE id = ?::uuid", String.class, id))
            .isEqualTo(CLIENT);
    }

    @Test
    void requestsWhenOrderPlacedByAnotherClientThenNotFoundNotListedAndNotCancelled() {
        UUID user = ENV.users.add("ACTIVE");
        String id = JsonPath.read(ENV.place(order(user)).body(), "$.id");
        String other = ENV.token("partner-app", "orders.read orders.write");

        HttpResponse<String> read = ENV.send(ENV.request("/orders/" + id, other));
        HttpResponse<String> cancelled = ENV.send(ENV.request("/orders/" + id + "/cancel", other)
            .header("If-Match", "*")
            .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> listed = ENV.send(ENV.request("/orders", other));
        HttpResponse<String> listedByUser = ENV.send(ENV.request("/orders?userId=" + user, other));

        // the same answers as for an order that does not exist: its existence is not disclosed either
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.body()).contains("\"detail\":\"No order has this id\"");
        assertThat(cancelled.statusCode()).isEqualTo(404);
        assertThat(this.jdbc.queryForObject("SELECT status FROM orders WHERE id = ?::uuid", String.class, id))
            .isEqualTo("PLACED");
        assertThat((Integer) JsonPath.read(listed.body(), "$.totalElements")).isZero();
        assertThat((Integer) JsonPath.read(listedByUser.body(), "$.totalElements")).isZero();
        // the placer still sees and cancels it
        assertThat(ENV.send(ENV.request("/orders/" + id, ENV.token("orders.read"))).statusCode()).isEqualTo(200);
        assertThat(cancel(id, "\"0\"").statusCode()).isEqualTo(200);
    }

    @Test
    void requestsWhenTokenHoldsOrdersAdminThenEveryClientsOrdersAndThoseOfNoRecordedClient() {
        UUID user = ENV.users.add("ACTIVE");
        String placed = JsonPath.read(ENV.place(order(user)).body(), "$.id");
        UUID unrecorded = UUID.randomUUID();
        this.jdbc.update("""
                INSERT INTO orders (id, user_id, product, quantity, status, created_at, updated_at, version)
                VALUES (?, ?, 'OLD-1', 1, 'PLACED', now(), now(), 0)""", unrecorded, user);
        String admin = ENV.token("support-desk", "orders.read orders.write orders.admin");

        HttpResponse<String> listed = ENV.send(ENV.request("/orders?userId=" + user, admin));
        HttpResponse<String> read = ENV.send(ENV.request("/orders/" + placed, admin));
        HttpResponse<String> cancelled = ENV.send(ENV.request("/orders/" + unrecorded + "/cancel", admin)
            .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat((Integer) JsonPath.read(listed.body(), "$.totalElements")).isEqualTo(2);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(read.body(), "$.placedBy")).isEqualTo(CLIENT);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat((String) JsonPath.read(cancelled.body(), "$.status")).isEqualTo("CANCELLED");
        // an order of no recorded client is nobody's but orders.admin's
        assertThat(ENV.send(ENV.request("/orders/" + unrecorded, ENV.token("orders.read"))).statusCode())
            .isEqualTo(404);
        assertThat((Integer) JsonPath.read(ENV.send(ENV.request("/orders", ENV.token("orders.read"))).body(),
                "$.totalElements")).isEqualTo(1);
    }

    @Test
    void placeWhenUserUnknownThenUnprocessableProblemAndNothingStored() {
        HttpResponse<String> placed = ENV.place(order(UUID.randomUUID()));

        assertThat(placed.statusCode()).isEqualTo(422);
        assertThat(placed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(placed.body()).contains("\"detail\":\"The order's user does not exist\"")
            .contains("\"errors\":[{").contains("\"field\":\"userId\"");
        assertThat(count()).isZero();
    }

    @Test
    void placeWhenUserDisabledThenUnprocessableProblemAndNothingStored() {
        HttpResponse<String> placed = ENV.place(order(ENV.users.add("DISABLED")));

        assertThat(placed.statusCode()).isEqualTo(422);
        assertThat(placed.body()).contains("\"detail\":\"The order's user is disabled\"");
        assertThat(count()).isZero();
    }

    @Test
    void placeWhenFieldsInvalidOrMassAssignedThenBadRequestAndTheUserServiceIsNotAsked() {
        int calls = ENV.users.calls().size();
        UUID user = ENV.users.add("ACTIVE");

        for (String body : new String[] { "{\"userId\":\"" + user + "\",\"product\":\"BOOK-42\",\"quantity\":0}",
                "{\"userId\":\"" + user + "\",\"product\":\"../etc\",\"quantity\":1}",
                "{\"product\":\"BOOK-42\",\"quantity\":1}",
                "{\"userId\":\"not-a-uuid\",\"product\":\"BOOK-42\",\"quantity\":1}",
                "{\"userId\":\"" + user + "\",\"product\":\"BOOK-42\",\"quantity\":1,\"status\":\"CANCELLED\"}",
                "{\"userId\":" }) {
            HttpResponse<String> placed = ENV.place(body);
            assertThat(placed.statusCode()).as(body).isEqualTo(400);
            assertThat(placed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }

        assertThat(ENV.users.calls()).hasSize(calls);
        assertThat(count()).isZero();
    }

    @Test
    void placeWhenValueOfAnotherJsonTypeThenBadRequestNamingTheFieldAndNothingStored() {
        UUID user = ENV.users.add("ACTIVE");
        String prefix = "{\"userId\":\"" + user + "\",";

        // Jackson's defaults would store 2 for 2.9 (a silent truncation), 2 for "2" and "42" for 42
        for (String[] bodyAndField : new String[][] {
                { prefix + "\"product\":\"BOOK-42\",\"quantity\":2.9}", "quantity" },
                { prefix + "\"product\":\"BOOK-42\",\"quantity\":\"2\"}", "quantity" },
                { prefix + "\"product\":\"BOOK-42\",\"quantity\":true}", "quantity" },
                { prefix + "\"product\":\"BOOK-42\",\"quantity\":99999999999}", "quantity" },
                { prefix + "\"product\":42,\"quantity\":1}", "product" },
                { prefix + "\"product\":\"BOOK-42\",\"quantity\":1,\"status\":\"CANCELLED\"}", "status" } }) {
            HttpResponse<String> placed = ENV.place(bodyAndField[0]);

            assertThat(placed.statusCode()).as(bodyAndField[0]).isEqualTo(400);
            assertThat(placed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat((String) JsonPath.read(placed.body(), "$.errors[0].field")).as(placed.body())
                .isEqualTo(bodyAndField[1]);
        }
        HttpResponse<String> invalid = ENV.place(prefix + "\"product\":\"../etc\",\"quantity\":0}");
        assertThat((java.util.List<String>) JsonPath.read(invalid.body(), "$.errors[*].field"))
            .containsExactly("product", "quantity");
        assertThat(count()).isZero();
    }

    @Test
    void getWhenPlacedThenOkWithEtagAndWhenAbsentThenNotFoundProblem() {
        String id = JsonPath.read(ENV.place(order(ENV.users.add("ACTIVE"))).body(), "$.id");

        HttpResponse<String> read = ENV.send(ENV.request("/orders/" + id, ENV.token("orders.read")));
        HttpResponse<String> absent = ENV.send(ENV.request("/orders/" + UUID.randomUUID(), ENV.token("orders.read")));

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat((String) JsonPath.read(read.body(), "$.id")).isEqualTo(id);
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(absent.body()).contains("\"detail\":\"No order has this id\"");
    }

    @Test
    void listWhenUserIdThenOnlyTheirOrdersInCreationOrderPaged() {
        UUID ada = ENV.users.add("ACTIVE");
        UUID bob = ENV.users.add("ACTIVE");
        String first = JsonPath.read(ENV.place(order(ada)).body(), "$.id");
        ENV.place(order(bob));
        String second = JsonPath.read(ENV.place(order(ada)).body(), "$.id");
        ENV.place(order(ada));

        HttpResponse<String> page = ENV.send(ENV.request("/orders?userId=" + ada + "&size=2", ENV.token("orders.read")));
        HttpResponse<String> all = ENV.send(ENV.request("/orders", ENV.token("orders.read")));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat((java.util.List<String>) JsonPath.read(page.body(), "$.items[*].id")).containsExactly(first, second);
        assertThat((Integer) JsonPath.read(page.body(), "$.totalElements")).isEqualTo(3);
        assertThat((Integer) JsonPath.read(page.body(), "$.totalPages")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(all.body(), "$.totalElements")).isEqualTo(4);
        // a parameter of the wrong type is named, its value not echoed
        for (String[] pathAndName : new String[][] { { "/orders?userId=nope", "userId" },
                { "/orders?status=%3Cscript%3E", "status" }, { "/orders/%3Cscript%3E", "id" } }) {
            HttpResponse<String> invalid = ENV.send(ENV.request(pathAndName[0], ENV.token("orders.read")));
            assertThat(invalid.statusCode()).as(pathAndName[0]).isEqualTo(400);
            assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat((String) JsonPath.read(invalid.body(), "$.errors[0].field")).isEqualTo(pathAndName[1]);
            assertThat((String) JsonPath.read(invalid.body(), "$.detail"))
                .isEqualTo("The request parameters are invalid");
            assertThat((String) JsonPath.read(invalid.body(), "$.errors[0].message"))
                .isEqualTo("has a value of the wrong type");
        }
    }

    @Test
    void cancelWhenPlacedThenCancelledAndCancellingAgainChangesNothing() {
        String id = JsonPath.read(ENV.place(order(ENV.users.add("ACTIVE"))).body(), "$.id");

        HttpResponse<String> cancelled = cancel(id, "\"0\"");
        HttpResponse<String> again = cancel(id, null);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat((String) JsonPath.read(cancelled.body(), "$.status")).isEqualTo("CANCELLED");
        assertThat(cancelled.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(this.jdbc.queryForObject("SELECT status FROM orders WHERE id = ?::uuid", String.class, id))
            .isEqualTo("CANCELLED");
    }

    @Test
    void cancelWhenIfMatchStaleThenPreconditionFailedAndStillPlaced() {
        String id = JsonPath.read(ENV.place(order(ENV.users.add("ACTIVE"))).body(), "$.id");

        HttpResponse<String> stale = cancel(id, "\"7\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(this.jdbc.queryForObject("SELECT status FROM orders WHERE id = ?::uuid", String.class, id))
            .isEqualTo("PLACED");
        assertThat(cancel(UUID.randomUUID().toString(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void requestsWhenScopeOfTheOtherKindThenForbiddenNamingTheScopeAndNothingStored() {
        UUID user = ENV.users.add("ACTIVE");

        HttpResponse<String> readOnly = ENV.send(ENV.request("/orders", ENV.token("orders.read"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(order(user))));
        HttpResponse<String> writeOnly = ENV.send(ENV.request("/orders", ENV.token("orders.write")));
        HttpResponse<String> cancelReadOnly = ENV.send(ENV.request("/orders/" + UUID.randomUUID() + "/cancel",
                ENV.token("orders.read")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"insufficient_scope\", scope=\"orders.write\"");
        assertThat(writeOnly.statusCode()).isEqualTo(403);
        assertThat(writeOnly.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer error=\"insufficient_scope\", scope=\"orders.read\"");
        assertThat(cancelReadOnly.statusCode()).isEqualTo(403);
        assertThat(count()).isZero();
    }

    @Test
    void requestsWhenTokenOfAnotherResourceOrCallerNotAdmittedThenRefused() {
        String usersToken = ENV.auth.token("https://users.portcullis.local").scope("orders.read").build();

        assertThat(ENV.send(ENV.request("/orders", usersToken)).statusCode()).isEqualTo(401);
        // the order-service admits the gateway only: a platform certificate of another service is not enough
        assertThat(ENV.send("user-service", ENV.request("/orders", ENV.token("orders.read"))).statusCode())
            .isEqualTo(403);
    }

    @Test
    void apiDocsWhenReadThenEachOperationListsTheScopeItsHandlerDeclares() {
        HttpResponse<String> docs = ENV.send(HttpRequest.newBuilder(ENV.request("/v3/api-docs", "unused").build()
            .uri()));

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat((java.util.List<String>) JsonPath.read(docs.body(), "$.paths['/orders'].post.security[0].bearer"))
            .containsExactly("orders.write");
        assertThat((java.util.List<String>) JsonPath.read(docs.body(), "$.paths['/orders'].get.security[0].bearer"))
            .containsExactly("orders.read");
        assertThat((java.util.List<String>) JsonPath.read(docs.body(),
                "$.paths['/orders/{id}/cancel'].post.security[0].bearer")).containsExactly("orders.write");
        assertThat((java.util.List<String>) JsonPath.read(docs.body(), "$.paths['/orders/{id}'].get.security[0].bearer"))
            .containsExactly("orders.read");
        // the handlers' token argument is not a request parameter
        assertThat((java.util.List<String>) JsonPath.read(docs.body(), "$.paths['/orders'].get.parameters[*].name"))
            .containsExactlyInAnyOrder("page", "size", "userId", "status");
    }

    private HttpResponse<String> cancel(String id, String ifMatch) {
        HttpRequest.Builder request = ENV.request("/orders/" + id + "/cancel", ENV.token("orders.write"))
            .POST(HttpRequest.BodyPublishers.noBody());
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return ENV.send(request);
    }

    private int count() {
        return this.jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
    }

}
