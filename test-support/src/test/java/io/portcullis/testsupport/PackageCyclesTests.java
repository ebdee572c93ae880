package io.portcullis.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageCyclesTests {

    private static final String FIXTURE = "io.portcullis.testsupport.archfixture";

    @Test
    void ruleWhenTwoPackagesUseEachOtherThenCycleReported() {
        var result = PackageCycles.evaluate(FIXTURE);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected", "first", "second");
    }

    @Test
    void assertNoneBelowWhenACycleThenFails() {
        assertThatThrownBy(() -> PackageCycles.assertNoneBelow(FIXTURE)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("Cycle detected");
    }

}
