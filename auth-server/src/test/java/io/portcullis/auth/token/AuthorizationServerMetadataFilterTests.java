package io.portcullis.auth.token;

import java.util.Map;

import io.portcullis.token.SigningAlgorithm;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationServerMetadataFilterTests {

    @Test
    void metadataWhenReadThenAdvertisesEveryAlgorithmRegistrationAccepts() throws Exception {
        AuthorizationServerMetadataFilter filter = new AuthorizationServerMetadataFilter("https://auth.portcullis.test",
                SigningAlgorithm.ES256);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", AuthorizationServerMetadataFilter.PATH);
        request.setRequestURI(AuthorizationServerMetadataFilter.PATH);
        // what the filter matches: the path as the container maps it (decoded)
        request.setServletPath(AuthorizationServerMetadataFilter.PATH);
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        Map<?, ?> metadata = JsonMapper.builder().build().readValue(response.getContentAsByteArray(), Map.class);
        assertThat(metadata.get("issuer")).isEqualTo("https://auth.portcullis.test");
        assertThat(metadata.get("token_endpoint_auth_signing_alg_values_supported")).isEqualTo(SigningAlgorithm.NAMES)
            .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
            .contains("ES512");
        assertThat(metadata.get("access_token_signing_alg_values_supported")).isEqualTo(java.util.List.of("ES256"));
    }

}
