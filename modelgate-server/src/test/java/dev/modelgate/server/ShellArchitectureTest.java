package dev.modelgate.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway is a shell over the core: it uses the core's API packages only, never a format
 * reader or the registry (so what the gateway judges is exactly what `scan` judges), and its own
 * packages do not form cycles.
 */
class ShellArchitectureTest {

  private static JavaClasses server;

  @BeforeAll
  static void load() {
    server = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.modelgate.server");
  }

  @Test
  void usesOnlyTheCoresApi() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("dev.modelgate.format..", "dev.modelgate.formats..")
        .check(server);
  }

  @Test
  void coreNeverDependsOnTheServer() {
    JavaClasses core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.modelgate")
        .that(com.tngtech.archunit.base.DescribedPredicate.describe("core classes",
            c -> !c.getPackageName().startsWith("dev.modelgate.server")));
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.modelgate.server..")
        .check(core);
  }

  @Test
  void serverPackagesHaveNoCycles() {
    slices().matching("dev.modelgate.server.(*)..").should().beFreeOfCycles().check(server);
  }
}
