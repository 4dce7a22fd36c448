package org.rostersync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Controller;

/** Module boundaries: each direct sub-package is a module; its internal packages are private to it. */
class ModularityTests {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(RosterSyncApplication.class).verify();
    }

    @Test
    void noControllerDependsOnAnotherController() {
        // given: every controller, pages and API alike
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.rostersync");

        // when / then: what a page needs from an API controller lives in a service both call
        noClasses().that().areMetaAnnotatedWith(Controller.class)
                .should().dependOnClassesThat(DescribedPredicate.describe("are controllers",
                        (JavaClass type) -> !type.isAnnotation() && type.isMetaAnnotatedWith(Controller.class)))
                .because("a page controller never injects a REST controller: both call the feature's service")
                .check(classes);
    }
}
