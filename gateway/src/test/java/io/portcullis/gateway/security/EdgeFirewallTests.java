package io.portcullis.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/** The scanned rules decide exactly as Spring Security's regular expressions, character for character. */
class EdgeFirewallTests {

    @Test
    void headerNamesAndParameterNamesAsSpringSecurityDecides() {
        assertSameDecisions(EdgeFirewall.ASSIGNED_NOT_CONTROL, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
        assertSameDecisions(EdgeFirewall.ASSIGNED_NOT_CONTROL,
                StrictServerWebExchangeFirewall.ALLOWED_PARAMETER_NAMES);
    }

    @Test
    void headerValuesAsSpringSecurityDecides() {
        assertSameDecisions(EdgeFirewall.HEADER_VALUE, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
    }

    @Test
    void controlAndUnassignedCharactersAreRefusedAndTabOnlyInValues() {
        assertThat(EdgeFirewall.HEADER_VALUE.test("Bearer abc.def-ghi_jkl")).isTrue();
        assertThat(EdgeFirewall.HEADER_VALUE.test("caf\u00e9 \ud83d\ude00")).isTrue();
        assertThat(EdgeFirewall.HEADER_VALUE.test("a\tb")).isTrue();
        assertThat(EdgeFirewall.ASSIGNED_NOT_CONTROL.test("a\tb")).isFalse();
        assertThat(EdgeFirewall.HEADER_VALUE.test("a\u0085b")).isFalse();
        assertThat(EdgeFirewall.HEADER_VALUE.test("a\u007fb")).isFalse();
        assertThat(EdgeFirewall.HEADER_VALUE.test("a\u0000")).isFalse();
        assertThat(EdgeFirewall.HEADER_VALUE.test("\u0378")).isFalse();
        assertThat(EdgeFirewall.HEADER_VALUE.test(null)).isTrue();
    }

    private static void assertSameDecisions(Predicate<String> scanned, Predicate<String> spring) {
        List<String> samples = new ArrayList<>();
        samples.add(null);
        samples.add("");
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            // alone, and amid ASCII text as a header is
            samples.add(String.valueOf((char) c));
            samples.add("X-Name " + (char) c + " end");
        }
        for (int codePoint = Character.MIN_SUPPLEMENTARY_CODE_POINT; codePoint <= Character.MAX_CODE_POINT;
                codePoint += 61) {
            samples.add("a" + Character.toString(codePoint) + "b");
        }
        samples.add("\ud800");
        samples.add("x\udc00y");
        samples.add("\udc00\ud800");
        samples.add("\ud83d\ude00\u0085");
        samples.add(Character.toString(Character.MAX_CODE_POINT));
        for (String sample : samples) {
            assertThat(scanned.test(sample)).as("%s", escaped(sample)).isEqualTo(spring.test(sample));
        }
    }

    private static String escaped(String sample) {
        if (sample == null) {
            return "null";
        }
        StringBuilder escaped = new StringBuilder();
        sample.chars().forEach((c) -> escaped.append(String.format("\\u%04x", c)));
        return escaped.toString();
    }

}
