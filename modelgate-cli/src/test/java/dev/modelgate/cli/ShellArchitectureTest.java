package dev.modelgate.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shells over the core (this CLI, the audit module it embeds) use the core's API packages
 * only: never a format reader or the registry, so the core can change its readers freely.
 */
class ShellArchitectureTest {

  @Test
  void shellsUseOnlyTheCoresApi() {
    JavaClasses shells = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.modelgate.cli", "dev.modelgate.audit");
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("dev.modelgate.format..", "dev.modelgate.formats..")
        .check(shells);
  }
}
