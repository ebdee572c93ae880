package io.portcullis.users.system;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.portcullis.users.UserServiceIntegrationTest;
import io.portcullis.users.UserServiceTestEnvironment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.portcullis.users.GatewayIdentity.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** The served OpenAPI description lists exactly the operations the service serves. */
@UserServiceIntegrationTest
class OpenApiIntegrationTests {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        UserServiceTestEnvironment.register(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void apiDocsWhenServedThenMatchTheControllersOperations() throws Exception {
        String body = this.mvc.perform(get("/v3/api-docs").with(gateway()))
            .andReturn()
            .getResponse()
            .getContentAsString();
        JsonNode paths = JsonMapper.builder().build().readTree(body).get("paths");

        Map<String, Set<String>> documented = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            Set<String> methods = new TreeSet<>();
            path.getValue().propertyNames().forEach((method) -> methods.add(method.toUpperCase()));
            documented.put(path.getKey(), methods);
        }
        Map<String, Set<String>> served = new TreeMap<>();
        for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/users")) {
                    info.getMethodsCondition()
                        .getMethods()
                        .forEach((method) -> served.computeIfAbsent(pattern, (key) -> new TreeSet<>())
                            .add(method.name()));
                }
            }
        }

        assertThat(served).isNotEmpty();
        assertThat(documented).isEqualTo(served);
        assertThat(paths.get("/users/{id}").get("patch").get("requestBody").get("content").has(
                "application/merge-patch+json")).isTrue();
    }

}
