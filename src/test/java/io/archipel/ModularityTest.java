package io.archipel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules only talk through their public API (module root) and events; no cycles. */
class ModularityTest {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(ArchipelApplication.class).verify();
    }

    /**
     * Delivery sends the campaigns, so it reads them; campaigns send their notifications through
     * {@code shared.mail.MailSender} and never name delivery, or the two modules would depend on each other.
     */
    @Test
    void campaignsSendMailWithoutDependingOnDelivery() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.archipel");
        noClasses().that().resideInAPackage("io.archipel.campaign..").should().dependOnClassesThat()
                .resideInAPackage("io.archipel.delivery..").check(classes);
    }
}
