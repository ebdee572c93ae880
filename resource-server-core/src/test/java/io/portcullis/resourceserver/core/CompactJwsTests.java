package io.portcullis.resourceserver.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CompactJwsTests {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

    @Test
    void bearerTokenWhenCanonicalThenTheToken() {
        assertThat(CompactJws.bearerToken("Bearer " + TOKEN)).isEqualTo(TOKEN);
        assertThat(CompactJws.bearerToken("bearer " + TOKEN)).isEqualTo(TOKEN);
    }

    @Test
    void bearerTokenWhenAnotherSchemeOrNoneThenNoToken() {
        assertThat(CompactJws.bearerToken(null)).isNull();
        assertThat(CompactJws.bearerToken("Basic dXNlcjpwYXNz")).isNull();
    }

    @Test
    void bearerTokenWhenNotOneCanonicalCompactJwsThenMalformed() {
        for (String credential : new String[] { "Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer " + TOKEN + " x",
                "Bearer " + TOKEN + "=", "Bearer " + TOKEN.replace("c2ln", "c2l+"),
                "Bearer " + TOKEN.replace("c2ln", "c2l/"), "Bearer garbage", "Bearer\t" + TOKEN }) {
            assertThatIllegalArgumentException().as(credential).isThrownBy(() -> CompactJws.bearerToken(credential));
        }
    }

    @Test
    void isCanonicalWhenPartsMissingEmptyOrExtraThenNot() {
        assertThat(CompactJws.isCanonical(TOKEN)).isTrue();
        assertThat(CompactJws.isCanonical("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0")).isFalse();
        assertThat(CompactJws.isCanonical("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.")).isFalse();
        assertThat(CompactJws.isCanonical(".eyJzdWIiOiJ4In0.c2ln")).isFalse();
        assertThat(CompactJws.isCanonical(TOKEN + ".c2ln")).isFalse();
        assertThat(CompactJws.isCanonical(TOKEN.replace(".", ".."))).isFalse();
    }

    @Test
    void isCanonicalWhenImpossibleLengthOrUnusedTrailingBitsSetThenNot() {
        // "eyJzdWIiOiJ4In0" ends in "0" (52: low bits 00); "1" (53) spells the same bytes with a bit set
        assertThat(CompactJws.isCanonical("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In1.c2ln")).isFalse();
        // "c2lnbmF0dXJl" + "A": 13 characters encode no byte string
        assertThat(CompactJws.isCanonical("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlA")).isFalse();
        // two characters: the second's low four bits are unused ("Q" = 16 is canonical, "R" = 17 is not)
        assertThat(CompactJws.isCanonical("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.aQ")).isTrue();
        assertThat(CompactJws.isCanonical("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.aR")).isFalse();
    }

    @Test
    void isCanonicalWhenAnyCharacterThenOnlyTheUrlSafeAlphabetPasses() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            // a four-character last part: every character of the alphabet may end it
            assertThat(CompactJws.isCanonical("QUFB.QUFB.QU" + c + "B")).as("U+%04X", (int) c)
                .isEqualTo(alphabet.indexOf(c) >= 0);
            assertThat(CompactJws.isCanonical("QUFB.QUFB.QUF" + c)).as("U+%04X last", (int) c)
                .isEqualTo(alphabet.indexOf(c) >= 0);
        }
    }

    @Test
    void isMoreThanOneCredentialWhenHeadersAndParametersThenCounted() {
        assertThat(CompactJws.isMoreThanOneCredential(List.of(), 0)).isFalse();
        assertThat(CompactJws.isMoreThanOneCredential(List.of("Bearer a"), 0)).isFalse();
        assertThat(CompactJws.isMoreThanOneCredential(List.of(), 1)).isFalse();
        assertThat(CompactJws.isMoreThanOneCredential(List.of("Bearer a", "Bearer a"), 0)).isTrue();
        assertThat(CompactJws.isMoreThanOneCredential(List.of("Bearer a"), 1)).isTrue();
        assertThat(CompactJws.isMoreThanOneCredential(List.of(), 2)).isTrue();
    }

}
