package io.portcullis.auth.token;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import java.net.http.HttpRequest;
import java.util.stream.Stream;

import io.portcullis.auth.OAuthClient;
import io.portcullis.auth.OAuthClient.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever arrives at the OAuth endpoints, the answer is a 4xx with an RFC 6749 error body, never a 500. */
class MalformedTokenRequestsIntegrationTests extends AuthServerIntegrationTestSupport {

    static Stream<Arguments> requests() {
        String form = "application/x-www-form-urlencoded";
        return Stream.of(
                Arguments.of("/oauth2/token", "Basic !!!not-base64!!!", form, "grant_type=client_credentials", 400),
                Arguments.of("/oauth2/token", "Basic " + b64("no-colon"), form, "grant_type=client_credentials", 400),
                Arguments.of("/oauth2/token", "Basic " + b64("x".repeat(5000) + ":y"), form,
                        "grant_type=client_credentials", 401),
                Arguments.of("/oauth2/token", "Basic " + b64("%zz:%zz"), form, "grant_type=client_credentials", 400),
                Arguments.of("/oauth2/token", "Bearer abc", form, "grant_type=client_credentials", 401),
                Arguments.of("/oauth2/token", null, form,
                        "grant_type=client_credentials&client_id=a&client_id=b&client_secret=x", 400),
                Arguments.of("/oauth2/token", null, form, "grant_type=client_credentials&client_id=a"
                        + "&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                        + "&client_assertion=not.a.jwt", 401),
                Arguments.of("/oauth2/token", null, form, "grant_type=client_credentials&client_id=a"
                        + "&client_assertion_type=bogus&client_assertion=x", 401),
                Arguments.of("/oauth2/token", null, form, "%%%=%%%&grant_type=client_credentials", 400),
                Arguments.of("/oauth2/token", null, "application/x-www-form-urlencoded; charset=bogus",
                        "grant_type=client_credentials", 400),
                Arguments.of("/oauth2/token", null, "text/plain", "grant_type=client_credentials", 400),
                Arguments.of("/oauth2/token", null, "not a media type", "grant_type=client_credentials", 400),
                Arguments.of("/oauth2/token", null, null, "grant_type=client_credentials", 400),
                Arguments.of("/oauth2/introspect", "Basic " + b64("a:b"), form, "", 401),
                Arguments.of("/oauth2/introspect", null, form, "token=x", 401),
                Arguments.of("/oauth2/revoke", null, form, "token=x&token=y", 401),
                Arguments.of("/oauth2/revoke", "Basic " + b64(":"), form, "token=x", 400));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void postWhenMalformedThenRfc6749ErrorAndNever500(String path, String authorization, String contentType,
            String body, int status) {
        OAuthClient oauth = new OAuthClient(this.port);
        HttpRequest.Builder request = HttpRequest.newBuilder(oauth.uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }

        Response response = oauth.send(request);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json()).containsKey("error");
    }

    private static String b64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

}
