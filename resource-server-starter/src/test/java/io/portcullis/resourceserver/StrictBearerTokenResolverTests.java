package io.portcullis.resourceserver;

import io.portcullis.resourceserver.core.RefusalReason;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictBearerTokenResolverTests {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

    private final StrictBearerTokenResolver resolver = new StrictBearerTokenResolver();

    @Test
    void resolveWhenOneCanonicalTokenInHeaderThenResolved() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer " + TOKEN);

        assertThat(this.resolver.resolve(request)).isEqualTo(TOKEN);
    }

    @Test
    void resolveWhenNoCredentialThenNone() {
        assertThat(this.resolver.resolve(new MockHttpServletRequest())).isNull();
    }

    @Test
    void resolveWhenTwoAuthorizationHeadersThenInvalidRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer " + TOKEN);
        request.addHeader("Authorization", "Bearer " + TOKEN);

        assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.resolver.resolve(request))
            .satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_request"));
        assertThat(Refusals.of(request)).isEqualTo(RefusalReason.DUPLICATE_CREDENTIALS);
    }

    @Test
    void resolveWhenHeaderAndAccessTokenQueryParameterThenInvalidRequest() {
        for (String query : new String[] { "access_token=" + TOKEN, "a=1&access_token=x", "access%5Ftoken=x",
                "access_token", "x=1&access_token&y=2", "=access_token", "access+token=x&access_token" }) {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.addHeader("Authorization", "Bearer " + TOKEN);
            request.setQueryString(query);

            assertThatExceptionOfType(OAuth2AuthenticationException.class).as(query)
                .isThrownBy(() -> this.resolver.resolve(request))
                .satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_request"));
        }
    }

    @Test
    void resolveWhenTwoAccessTokenQueryParametersThenInvalidRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setQueryString("access_token=" + TOKEN + "&access_token=" + TOKEN);

        assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.resolver.resolve(request))
            .satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_request"));
    }

    @Test
    void resolveWhenOnlyAccessTokenQueryParameterThenNotAccepted() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setQueryString("access_token=" + TOKEN);

        assertThat(this.resolver.resolve(request)).isNull();
    }

    @Test
    void resolveWhenParametersOfTheBodyOrOtherNamesThenTheyAreNotRead() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer " + TOKEN);
        // a form body's parameters: never parsed here (the mock lists them among the parameters)
        request.addParameter("access_token", TOKEN);
        request.setQueryString(
                "my_access_token=x&access_tokens=y&%%%=&a=access_token&access_token_=1&b==c&a=b=access_token");

        assertThat(this.resolver.resolve(request)).isEqualTo(TOKEN);
        assertThat(StrictBearerTokenResolver.accessTokenParameters(null)).isZero();
        assertThat(StrictBearerTokenResolver.accessTokenParameters("&&")).isZero();
        assertThat(StrictBearerTokenResolver.accessTokenParameters("&".repeat(24_000) + "access_token")).isOne();
    }

    @Test
    void resolveWhenNotCanonicalCompactSerialisationThenInvalidToken() {
        String[] spellings = { TOKEN + "=", TOKEN.replace("c2ln", "c2l+"), TOKEN.replace("c2ln", "c2l/"),
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.",
                ".eyJzdWIiOiJ4In0.c2lnbmF0dXJl", TOKEN + ".c2ln", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In1.c2lnbmF0dXJl",
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlA", TOKEN + " extra" };

        for (String spelling : spellings) {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.addHeader("Authorization", "Bearer " + spelling);
            assertThatExceptionOfType(OAuth2AuthenticationException.class).as(spelling)
                .isThrownBy(() -> this.resolver.resolve(request))
                .satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"));
            assertThat(Refusals.of(request)).isEqualTo(RefusalReason.MALFORMED);
        }
    }

}
