package org.threatstats.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The shape of the code: a core that knows nothing of Spring Batch (definition, ingest, validation, keys,
 * aggregation, the report and its renderers, publication), a thin {@code pipeline} that adapts it to Spring Batch,
 * and the command line on top; no two packages depending on each other, and no JDK internals.
 */
class ArchitectureTest {
    private static final String[] CORE = {"org.threatstats.definition..", "org.threatstats.ingest..",
        "org.threatstats.validation..", "org.threatstats.keys..", "org.threatstats.aggregate..",
        "org.threatstats.publish..", "org.threatstats.history..", "org.threatstats.io..",
        "org.threatstats.generate.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.threatstats");
    }

    @Test
    void packagesDependOnEachOtherInOneDirectionOnly() {
        slices().matching("org.threatstats.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theCoreKnowsNothingOfSpringBatchOrTheShell() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.batch..", "org.threatstats.pipeline..",
                        "org.threatstats.cli..")
                .check(classes);
    }

    @Test
    void theShellIsTheOnlyPlaceOfTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("org.threatstats.cli..")
                .and().doNotHaveFullyQualifiedName("org.threatstats.ThreatstatsApplication")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "org.threatstats.cli..")
                .check(classes);
    }

    @Test
    void noJdkInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("sun..", "com.sun..", "jdk.internal..")
                .check(classes);
    }
}
