package io.portcullis.gateway.downstream;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.portcullis.gateway.GatewayIntegrationTestSupport;
import io.portcullis.gateway.GatewayTestEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decoder failure that is no verdict on the token (as when the key set cannot be read) is not the relay's to
 * answer: the request goes on to the security chain, which answers 503 with {@code Retry-After} (the token may well
 * be valid: no challenge, no 401, never a 500), and the service sees nothing. The decoder here fails every token that
 * way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({ ApiRelayIntegrationTests.ChainProbe.class, ApiRelayKeysUnavailableIntegrationTests.KeysUnreadable.class })
class ApiRelayKeysUnavailableIntegrationTests extends GatewayIntegrationTestSupport {

    @Autowired
    ApiRelayIntegrationTests.ChainProbe chains;

    @Autowired
    MeterRegistry meters;

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void requestWhenDecoderCannotJudgeTheTokenThenLeftToTheSecurityChainWhichAnswers503(CapturedOutput output) {
        String token = AUTH.token(GatewayTestEnvironment.AUDIENCE).scope("users.read").clientId("keyless").build();

        HttpResponse<String> response = this.edge.send(this.edge.request("/api/users/7")
            .header("Authorization", "Bearer " + token)
            .header("X-Request-Id", "keyless-1"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body()).contains("\"status\":503").contains("cannot be verified right now");
        assertThat(this.chains.reached).containsExactly("/api/users/7");
        assertThat(UPSTREAM.seen()).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(output).containsPattern(
                    "GET /api/users/7 503 .*request_id=keyless-1 .* reason=keys_unavailable");
            assertThat(this.meters.find("portcullis.gateway.refusals").tag("reason", "keys_unavailable").counter())
                .isNotNull()
                .satisfies((counter) -> assertThat(counter.count()).isEqualTo(1));
        });
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
