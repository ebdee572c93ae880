package io.portcullis.cli.output;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableTests {

    @Test
    void renderWhenCellsOfDifferentWidthsThenColumnsAligned() {
        String text = Table.of("CLIENT ID", "ENABLED", "SCOPES")
            .row("a", true, List.of("x.read", "x.write"))
            .row("a-much-longer-id", false, List.of())
            .row("b", null, "")
            .render();

        assertThat(text).isEqualTo("""
                CLIENT ID         ENABLED  SCOPES
                a                 true     x.read,x.write
                a-much-longer-id  false    -
                b                 -        -
                """);
    }

    @Test
    void yamlWhenListsNestedThenBlockStyleIndented() {
        assertThat(Printer.yaml(java.util.Map.of("scopes", List.of("a", "b")))).isEqualTo("scopes:\n  - a\n  - b\n");
    }

}
