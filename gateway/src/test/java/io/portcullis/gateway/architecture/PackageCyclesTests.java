package io.portcullis.gateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's packages import each other without cycles, and the rule does catch one (a fixture that has one). */
class PackageCyclesTests {

    private static final String ROOT = "io.portcullis.gateway";

    private static final String FIXTURE = "io.portcullis.archfixture.gateway";

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void packagesWhenImportedThenFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

        assertThat(classes).isNotEmpty();
        noCycles(ROOT).check(classes);
    }

    @Test
    void fixtureWhenTwoPackagesUseEachOtherThenCycleReported() {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE);

        var result = noCycles(FIXTURE).evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected");
    }

}
