package io.portcullis.gateway.security;

import org.springframework.test.context.TestPropertySource;

/**
 * The edge's rules once more with the API relay off, so that Spring Security's and Spring Cloud Gateway's chains,
 * which still answer every request the relay does not take, keep them too.
 */
@TestPropertySource(properties = "portcullis.relay.enabled=false")
class EdgeChainIntegrationTests extends EdgeIntegrationTests {

}
