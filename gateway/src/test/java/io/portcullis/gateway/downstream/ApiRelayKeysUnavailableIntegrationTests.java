package io.portcullis.gateway.downstream;

import java.net.http.HttpResponse;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decoder failure that is no verdict on the token (as when the key set cannot be read) is not the relay's to
 * answer: the request goes on to the security chain, and the service sees nothing. The decoder here fails every
 * token that way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ ApiRelayIntegrationTests.ChainProbe.class, ApiRelayKeysUnavailableIntegrationTests.KeysUnreadable.class })
class ApiRelayKeysUnavailableIntegrationTests extends GatewayIntegrationTestSupport {

    @Autowired
    ApiRelayIntegrationTests.ChainProbe chains;

    @Test
    void requestWhenDecoderCannotJudgeTheTokenThenLeftToTheSecurityChain() {
        String token = AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").clientId("keyless").build();

        HttpResponse<String> response = this.edge.get("/api/users/7", token);

        assertThat(response.statusCode()).isNotEqualTo(200);
        assertThat(this.chains.reached).containsExactly("/api/users/7");
        assertThat(UPSTREAM.seen()).isEmpty();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class KeysUnreadable {

        @Bean
        @Primary
        ReactiveJwtDecoder unreadableKeys() {
            return (token) -> Mono.error(new JwtException("An error occurred while attempting to decode the Jwt: "
                    + "Couldn't retrieve remote JWK set"));
        }

    }

}
