package io.portcullis.gateway.downstream;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code RewritePath} gives the path Spring Cloud Gateway's filter gives ({@code replaceAll} of the expression) for
 * every path, hostile ones too, whether the prefix swap or the expression answers.
 */
class PathRewriteTests {

    private static final List<String> PATHS = List.of("/api/users", "/api/users/", "/api/users/8d1c3a52",
            "/api/users/8d1c3a52/roles?x", "/api/usersX", "/api/users//a", "/api/users/%2e%2e/admin",
            "/api/users/a\nb", "/api/users/a\r\n/api/users/b", "/api/users/\u2028/api/users/c", "/api/users\u0085",
            "/api/users/ü/漢", "/x/api/users/a", "/api/user", "", "/", "/api/users/api/users/a",
            "/API/users/a", "/api/users/$1/${rest}", "/api/users/a\\b");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "/api/users(?<rest>/?.*)|/users${rest}|true",
            "/api/orders(?<rest>/?.*)|/orders${rest}|true", "/api/users(?<segment>/?.*)|${segment}|true",
            "/api/users(?<rest>/?.*)|/v2/users${rest}|true", "/api/v1-beta_2~x(?<r2>/?.*)|/a${r2}|true",
            // forms the swap does not take: the expression answers
            "/api/users/(?<rest>.*)|/users/${rest}|false", "/api/users(?<rest>/?.*)|/users${rest}/$1|false",
            "/api.users(?<rest>/?.*)|/users${rest}|false", "/api/users(?<rest>/?.*)|/users/\\$x${rest}|false",
            "(?<rest>/?.*)|/users${rest}|false", "/api/users(?<rest>/?.*)|/users${other}|false" })
    void applyWhenAnyPathThenAsTheExpressionReplacesAll(String regex, String replacement, boolean swaps) {
        PathRewrite rewrite = PathRewrite.of(regex, replacement);
        assertThat(rewrite.swapsPrefix()).isEqualTo(swaps);
        for (String path : PATHS) {
            String expected;
            try {
                expected = path.replaceAll(regex, replacement);
            }
            catch (IllegalArgumentException unknownGroup) {
                assertThat(swaps).isFalse();
                continue;
            }
            assertThat(rewrite.apply(path)).as(path).isEqualTo(expected);
        }
    }

}
