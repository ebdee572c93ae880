package io.portcullis.gateway.downstream;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundHeaderFilterTests {

    /** The rule the scan replaces. */
    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Test
    void isWellFormedWhenAnyIdThenSameAnswerAsThePattern() {
        List<String> ids = List.of("trace-me-123", "a", "A.b_c:d-e", "", " ", "abc def", "abc\n", "äbc", "a/b",
                "a".repeat(128), "a".repeat(129), "0af7651916cd43dd8448eb211c80319c", "id=1", "<script>");
        for (String id : ids) {
            assertThat(InboundHeaderFilter.isWellFormed(id)).as(id).isEqualTo(WELL_FORMED_ID.matcher(id).matches());
        }
        assertThat(InboundHeaderFilter.isWellFormed(null)).isFalse();
    }

    @Test
    void newRequestIdWhenCalledThenDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = InboundHeaderFilter.newRequestId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(InboundHeaderFilter.isWellFormed(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

}
