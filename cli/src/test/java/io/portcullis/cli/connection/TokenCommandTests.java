package io.portcullis.cli.connection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTests {

    @Test
    void decodeWhenJwtThenHeaderAndClaims() {
        String jwt = part("{\"typ\":\"at+jwt\",\"alg\":\"RS256\"}") + "." + part("{\"scope\":\"users.read\",\"exp\":5}")
                + ".c2ln";

        Map<String, Object> decoded = TokenCommand.decode(jwt);

        assertThat(decoded.get("header")).isEqualTo(Map.of("typ", "at+jwt", "alg", "RS256"));
        assertThat(decoded.get("claims")).isEqualTo(Map.of("scope", "users.read", "exp", 5));
    }

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

}
