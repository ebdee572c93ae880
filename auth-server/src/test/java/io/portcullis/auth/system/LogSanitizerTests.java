package io.portcullis.auth.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSanitizerTests {

    @Test
    void sanitizeWhenLineBreaksAndControlCharactersThenEscapedOnOneLine() {
        String forged = "client\r\n2026-11-29T10:00:00Z ERROR forged\u0000\u001b[31m\u2028end\ttab";

        String safe = LogSanitizer.sanitize(forged);

        assertThat(safe).isEqualTo("client\\r\\n2026-11-29T10:00:00Z ERROR forged\\u0000\\u001b[31m\\u2028end\\ttab");
        assertThat(safe.lines()).hasSize(1);
        assertThat(LogSanitizer.hasControlCharacters(forged)).isTrue();
        assertThat(LogSanitizer.hasControlCharacters(safe)).isFalse();
    }

    @Test
    void sanitizeWhenPlainThenUnchangedAndWhenLongThenCut() {
        assertThat(LogSanitizer.sanitize("billing-export.v2")).isEqualTo("billing-export.v2");
        assertThat(LogSanitizer.sanitize(null)).isNull();
        assertThat(LogSanitizer.sanitize("x".repeat(1000))).isEqualTo("x".repeat(256) + "...");
    }

}
