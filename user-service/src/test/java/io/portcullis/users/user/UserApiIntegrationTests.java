package io.portcullis.users.user;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.portcullis.users.UserServiceIntegrationTest;
import io.portcullis.users.UserServiceTestEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static io.portcullis.users.GatewayIdentity.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceIntegrationTest
class UserApiIntegrationTests {

    static final String PROBLEM = "application/problem+json";

    static final String MERGE_PATCH = "application/merge-patch+json";

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        UserServiceTestEnvironment.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void clean() {
        this.jdbc.update("DELETE FROM users");
    }

    @Test
    void createWhenValidThenCreatedWithLocationAndEtag() throws Exception {
        MvcResult result = this.mvc
            .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"ada\",\"email\":\"ada@example.com\",\"displayName\":\"Ada Lovelace\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().string("ETag", "\"0\""))
            .andExpect(jsonPath("$.username").value("ada"))
            .andExpect(jsonPath("$.email").value("ada@example.com"))
            .andExpect(jsonPath("$.displayName").value("Ada Lovelace"))
            .andExpect(jsonPath("$.status").value("ACTIVE"))
            .andExpect(jsonPath("$.version").value(0))
            .andExpect(jsonPath("$.createdAt").isString())
            .andExpect(jsonPath("$.updatedAt").isString())
            .andReturn();

        String id = com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.id");
        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/users/" + id);
        assertThat(this.jdbc.queryForObject("SELECT username FROM users WHERE id = ?::uuid", String.class, id))
            .isEqualTo("ada");
    }

    @Test
    void createWhenFieldsInvalidThenBadRequestListingThemAndNothingStored() throws Exception {
        this.mvc
            .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"a\",\"email\":\"not-an-email\",\"displayName\":\"\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(PROBLEM))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.detail").value("The request body is invalid"))
            .andExpect(jsonPath("$.errors[0].field").value("displayName"))
            .andExpect(jsonPath("$.errors[0].message").value("must not be blank"))
            .andExpect(jsonPath("$.errors[1].field").value("email"))
            .andExpect(jsonPath("$.errors[2].field").value("username"))
            .andExpect(jsonPath("$.errors[2].message").value("size must be between 3 and 50"));

        assertThat(count()).isZero();
    }

    @Test
    void createWhenMassAssigningIdOrVersionThenBadRequestAndNothingStored() throws Exception {
        for (String field : new String[] { "\"id\":\"" + UUID.randomUUID() + "\"", "\"version\":7",
                "\"createdAt\":\"2020-01-01T00:00:00Z\"", "\"admin\":true" }) {
            this.mvc
                .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"ada\",\"email\":\"ada@example.com\",\"displayName\":\"Ada\","
                            + field + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("is not a field that can be set"));
        }

        assertThat(count()).isZero();
    }

    @Test
    void createWhenMalformedJsonOrWrongTypeThenClientErrorAndNothingStored() throws Exception {
        this.mvc.perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON).content("{\"username\":"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value("The request body is not well-formed JSON"));
        this.mvc
            .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"ada\",\"email\":\"ada@example.com\",\"displayName\":\"Ada\","
                        + "\"status\":\"SUPERUSER\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("status"));
        this.mvc.perform(write(post("/users")).contentType(MediaType.TEXT_PLAIN).content("ada"))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(content().contentType(PROBLEM));
        this.mvc
            .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + "a".repeat(20_000) + "\"}"))
            .andExpect(status().isPayloadTooLarge());

        assertThat(count()).isZero();
    }

    @Test
    void createWhenUsernameOrEmailTakenInAnyCaseThenConflict() throws Exception {
        create("ada", "ada@example.com");

        this.mvc
            .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"ADA\",\"email\":\"other@example.com\",\"displayName\":\"Ada\"}"))
            .andExpect(status().isConflict())
            .andExpect(content().contentType(PROBLEM))
            .andExpect(jsonPath("$.detail").value("Another user has this username"))
            .andExpect(jsonPath("$.errors[0].field").value("username"));
        this.mvc
            .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"grace\",\"email\":\"Ada@Example.COM\",\"displayName\":\"Grace\"}"))
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.detail").value("Another user has this email"));

        assertThat(count()).isEqualTo(1);
    }

    @Test
    void getWhenPresentThenUserWithEtagAndWhenAbsentOrMalformedThenProblem() throws Exception {
        String id = create("ada", "ada@example.com");

        this.mvc.perform(read(get("/users/" + id)))
            .andExpect(status().isOk())
            .andExpect(header().string("ETag", "\"0\""))
            .andExpect(jsonPath("$.id").value(id));
        this.mvc.perform(read(get("/users/" + UUID.randomUUID())))
            .andExpect(status().isNotFound())
            .andExpect(content().contentType(PROBLEM))
            .andExpect(jsonPath("$.detail").value("No user has this id"));
        this.mvc.perform(read(get("/users/not-a-uuid")))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(PROBLEM));
    }

    @Test
    void listWhenFilteredAndPagedThenStableOrderAndTotals() throws Exception {
        for (int i = 0; i < 5; i++) {
            create("user" + i, "user" + i + "@example.com");
        }

        this.mvc.perform(read(get("/users").param("page", "1").param("size", "2")))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items.length()").value(2))
            .andExpect(jsonPath("$.items[0].username").value("user2"))
            .andExpect(jsonPath("$.items[1].username").value("user3"))
            .andExpect(jsonPath("$.totalElements").value(5))
            .andExpect(jsonPath("$.totalPages").value(3));
        this.mvc.perform(read(get("/users").param("email", "USER3@example.com")))
            .andExpect(jsonPath("$.items.length()").value(1))
            .andExpect(jsonPath("$.items[0].username").value("user3"));
        this.mvc.perform(read(get("/users").param("status", "DISABLED")))
            .andExpect(jsonPath("$.totalElements").value(0));
        this.mvc.perform(read(get("/users").param("size", "1000")))
            .andExpect(jsonPath("$.size").value(100));
        this.mvc.perform(read(get("/users").param("page", "-1")))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(PROBLEM));
        this.mvc.perform(read(get("/users").param("status", "NOPE")))
            .andExpect(status().isBadRequest());
    }

    @Test
    void putWhenIfMatchMissingOrStaleThenRefusedAndNothingChanged() throws Exception {
        String id = create("ada", "ada@example.com");
        String body = "{\"username\":\"ada\",\"email\":\"ada@example.com\",\"displayName\":\"Countess\","
                + "\"status\":\"ACTIVE\"}";

        this.mvc.perform(write(put("/users/" + id)).contentType(MediaType.APPLICATION_JSON).content(body))
            .andExpect(status().isPreconditionRequired())
            .andExpect(content().contentType(PROBLEM));
        this.mvc
            .perform(write(put("/users/" + id)).header("If-Match", "\"5\"")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
            .andExpect(status().isPreconditionFailed());

        assertThat(displayName(id)).isEqualTo("Ada");
    }

    @Test
    void putWhenIfMatchCurrentThenReplacedWithNewEtag() throws Exception {
        String id = create("ada", "ada@example.com");

        this.mvc
            .perform(write(put("/users/" + id)).header("If-Match", "\"0\"")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"ada\",\"email\":\"ada@example.org\",\"displayName\":\"Countess\","
                        + "\"status\":\"DISABLED\"}"))
            .andExpect(status().isOk())
            .andExpect(header().string("ETag", "\"1\""))
            .andExpect(jsonPath("$.status").value("DISABLED"));

        assertThat(displayName(id)).isEqualTo("Countess");
    }

    @Test
    void patchWhenMergePatchThenOnlyNamedFieldsChange() throws Exception {
        String id = create("ada", "ada@example.com");

        this.mvc
            .perform(mergePatch(id, "\"0\"", "{\"displayName\":\"Countess of Lovelace\"}"))
            .andExpect(status().isOk())
            .andExpect(header().string("ETag", "\"1\""))
            .andExpect(jsonPath("$.displayName").value("Countess of Lovelace"))
            .andExpect(jsonPath("$.email").value("ada@example.com"));
    }

    @Test
    void patchWhenRemovingOrInventingFieldsOrInvalidValueThenBadRequestAndNothingChanged() throws Exception {
        String id = create("ada", "ada@example.com");

        this.mvc
            .perform(mergePatch(id, "\"0\"", "{\"displayName\":null,\"version\":9}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors.length()").value(2));
        this.mvc
            .perform(mergePatch(id, "\"0\"", "{\"email\":\"nope\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("email"));
        this.mvc
            .perform(write(patch("/users/" + id)).header("If-Match", "\"0\"")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"displayName\":\"X\"}"))
            .andExpect(status().isUnsupportedMediaType());

        assertThat(displayName(id)).isEqualTo("Ada");
        assertThat(this.jdbc.queryForObject("SELECT version FROM users WHERE id = ?::uuid", Long.class, id)).isZero();
    }

    @Test
    void patchWhenTwoClientsUseTheSameEtagThenOneWinsAndOneGetsPreconditionFailed() throws Exception {
        String id = create("ada", "ada@example.com");

        int first = this.mvc
            .perform(mergePatch(id, "\"0\"", "{\"displayName\":\"First\"}"))
            .andReturn()
            .getResponse()
            .getStatus();
        int second = this.mvc
            .perform(mergePatch(id, "\"0\"", "{\"displayName\":\"Second\"}"))
            .andReturn()
            .getResponse()
            .getStatus();

        assertThat(first).isEqualTo(200);
        assertThat(second).isEqualTo(412);
        assertThat(displayName(id)).isEqualTo("First");
    }

    @Test
    void deleteWhenPresentOrAbsentThenNoContentAndWhenStaleThenPreconditionFailed() throws Exception {
        String id = create("ada", "ada@example.com");

        this.mvc.perform(write(delete("/users/" + id)).header("If-Match", "\"3\""))
            .andExpect(status().isPreconditionFailed());
        assertThat(count()).isEqualTo(1);
        this.mvc.perform(write(delete("/users/" + id))).andExpect(status().isNoContent());
        this.mvc.perform(write(delete("/users/" + id))).andExpect(status().isNoContent());

        assertThat(count()).isZero();
    }

    @Test
    void createWhenValueOfAnotherJsonTypeThenBadRequestNamingTheFieldAndNothingStored() throws Exception {
        // Jackson's defaults would create a DISABLED user for "status": 1, an ACTIVE one for "", and "42" for 42
        String prefix = "{\"username\":\"ada\",\"email\":\"ada@example.com\",";
        for (String[] bodyAndField : new String[][] {
                { prefix + "\"displayName\":\"Ada\",\"status\":1}", "status" },
                { prefix + "\"displayName\":\"Ada\",\"status\":\"1\"}", "status" },
                { prefix + "\"displayName\":\"Ada\",\"status\":\"\"}", "status" },
                { prefix + "\"displayName\":42}", "displayName" },
                { prefix + "\"displayName\":true}", "displayName" } }) {
            this.mvc.perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON).content(bodyAndField[0]))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value(bodyAndField[1]));
        }
        assertThat(count()).isZero();
    }

    @Test
    void writeWhenTextHoldsNulOrUnpairedSurrogateThenBadRequestNamingTheFieldAndNothingStored() throws Exception {
        // PostgreSQL cannot store a NUL (it was a 500); an unpaired surrogate was stored as '?'
        for (String body : List.of(
                "{\"username\":\"ada\",\"email\":\"ada@example.com\",\"displayName\":\"a\\u0000b\"}",
                "{\"username\":\"ada\",\"email\":\"ada@example.com\",\"displayName\":\"a\\ud800b\"}")) {
            this.mvc.perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value("displayName"))
                .andExpect(jsonPath("$.errors[0].message")
                    .value("must not contain control characters or unpaired surrogates"));
        }
        for (String email : List.of("a\\u0000da@example.com", "a\\ud800@example.com")) {
            this.mvc
                .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"ada\",\"email\":\"" + email + "\",\"displayName\":\"Ada\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("email"));
        }
        assertThat(count()).isZero();

        String id = create("ada", "ada@example.com");
        this.mvc
            .perform(mergePatch(id, "\"0\"", "{\"displayName\":\"x\\u0000\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("displayName"));
        assertThat(displayName(id)).isEqualTo("Ada");
    }

    @Test
    void deleteWhenRacingOtherDeletesAndChangesThenNoContentNeverUnavailable() throws Exception {
        // the delete checks the row's version: a change or another delete between its read and its write made it
        // fail with the optimistic lock's exception, which the problem handler took for a lost database (503)
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        List<Integer> changes = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            for (int round = 0; round < 15; round++) {
                String id = create("user" + round, "user" + round + "@example.com");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> requests = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    MockHttpServletRequestBuilder request = (i % 3 == 2)
                            ? mergePatch(id, "*", "{\"displayName\":\"Changed " + i + "\"}")
                            : write(delete("/users/" + id));
                    boolean isDelete = i % 3 != 2;
                    requests.add(threads.submit(() -> {
                        start.await();
                        int status = this.mvc.perform(request).andReturn().getResponse().getStatus();
                        (isDelete ? statuses : changes).add(status);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> request : requests) {
                    request.get();
                }
                assertThat(count()).isZero();
            }
        }
        assertThat(statuses).hasSize(60).containsOnly(204);
        // a change that lost the race: 404 (gone when read) or 412 (gone or changed when written)
        assertThat(changes).hasSize(30).allSatisfy((status) -> assertThat(status).isIn(200, 404, 412));
    }

    /** A merge patch of user {@code id}, sent as a client with users.write. */
    private static MockHttpServletRequestBuilder mergePatch(String id, String ifMatch, String json) {
        return write(patch("/users/" + id)).header("If-Match", ifMatch).contentType(MERGE_PATCH).content(json);
    }

    private String create(String username, String email) throws Exception {
        MvcResult result = this.mvc
            .perform(write(post("/users")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"email\":\"" + email + "\",\"displayName\":\"Ada\"}"))
            .andExpect(status().isCreated())
            .andReturn();
        return com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }

    private long count() {
        return this.jdbc.queryForObject("SELECT count(*) FROM users", Long.class);
    }

    private String displayName(String id) {
        return this.jdbc.queryForObject("SELECT display_name FROM users WHERE id = ?::uuid", String.class, id);
    }

    static MockHttpServletRequestBuilder read(MockHttpServletRequestBuilder request) {
        return request.with(gateway()).with(scopes("users.read"));
    }

    static MockHttpServletRequestBuilder write(MockHttpServletRequestBuilder request) {
        return request.with(gateway()).with(scopes("users.write"));
    }

    static RequestPostProcessor scopes(String... scopes) {
        return jwt().jwt((token) -> token.claim("client_id", "test-client"))
            .authorities(java.util.Arrays.stream(scopes)
                .map((scope) -> new SimpleGrantedAuthority("SCOPE_" + scope))
                .toArray(org.springframework.security.core.GrantedAuthority[]::new));
    }

}
