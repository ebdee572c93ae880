package io.portcullis.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture rule every Portcullis module keeps: its packages (the first level below its root package) import
 * each other without cycles. {@code PackageCyclesTests} of this module shows the rule reports a cycle (the
 * {@code archfixture} packages have one).
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** The rule for the packages one level below {@code root}. */
    public static ArchRule rule(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** Fails with ArchUnit's report when the main (not test) classes below {@code root} hold a package cycle. */
    public static void assertNoneBelow(String root) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(root);
        assertThat(classes).as("classes below %s", root).isNotEmpty();
        rule(root).check(classes);
    }

    /** The rule's verdict on the classes below {@code root}, tests included (for fixtures). */
    public static EvaluationResult evaluate(String root) {
        return rule(root).evaluate(new ClassFileImporter().importPackages(root));
    }

}
