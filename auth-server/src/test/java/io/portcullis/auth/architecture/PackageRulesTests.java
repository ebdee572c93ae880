package io.portcullis.auth.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The auth-server's packages form a tree (see {@link PackageRules}), and the rules do catch a broken one. */
class PackageRulesTests {

    private static final String ROOT = "io.portcullis.auth";

    private static final String FIXTURE = "io.portcullis.archfixture";

    private static JavaClasses application;

    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        application = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
        fixture = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void packagesWhenImportedThenFreeOfCycles() {
        assertThat(application.containPackage(ROOT + ".system")).isTrue();
        PackageRules.noCycles(ROOT).check(application);
    }

    @Test
    void packagesWhenImportedThenOnlyAllowedDependencies() {
        PackageRules.allowedDependencies(ROOT).check(application);
    }

    @Test
    void fixtureWhenKernelReachesIntoFeatureThenCycleReported() {
        var result = PackageRules.noCycles(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected")
            .contains("archfixture.system")
            .contains("archfixture.client");
    }

    @Test
    void fixtureWhenKernelReachesIntoFeatureThenForbiddenDependencyReported() {
        var result = PackageRules.allowedDependencies(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(
                (line) -> line.contains("archfixture.system.Clock") && line.contains("archfixture.client.Client"));
        assertThat(result.getFailureReport().getDetails()).anyMatch(
                (line) -> line.contains("archfixture.client.Client") && line.contains("archfixture.token.Tokens"));
    }

}
