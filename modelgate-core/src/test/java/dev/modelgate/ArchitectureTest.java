package dev.modelgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the core's structure, enforced: root API and engine → formats (the registry) →
 * format.* → spi / io / rules / policy / tensor / json / yaml; convert and report sit beside the
 * engine and consume it; nothing below points back up.
 */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void load() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.modelgate");
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.modelgate.(**)").should().beFreeOfCycles().check(core);
  }

  @Test
  void formatsDependOnlyOnTheSpiAndTheLayersBelowIt() {
    classes().that().resideInAPackage("dev.modelgate.format..").should()
        .onlyDependOnClassesThat().resideInAnyPackage("dev.modelgate.format..",
            "dev.modelgate.spi..", "dev.modelgate.io..", "dev.modelgate.rules..",
            "dev.modelgate.policy..", "dev.modelgate.json..", "dev.modelgate.yaml..",
            "dev.modelgate.tensor..", "java..", "javax.xml..", "org.w3c.dom..", "org.xml.sax..",
            "org.apache.commons.compress..", "org.tukaani.xz..", "io.airlift.compress..")
        .check(core);
  }

  @Test
  void theSpiKnowsNoFormatAndNoEngine() {
    classes().that().resideInAPackage("dev.modelgate.spi..").should()
        .onlyDependOnClassesThat().resideInAnyPackage("dev.modelgate.spi..",
            "dev.modelgate.io..", "dev.modelgate.rules..", "dev.modelgate.policy..", "java..")
        .check(core);
  }

  @Test
  void onlyTheEngineReadsTheRegistry() {
    noClasses().that().resideOutsideOfPackages("dev.modelgate", "dev.modelgate.formats..")
        .should().dependOnClassesThat().resideInAPackage("dev.modelgate.formats..")
        .check(core);
  }

  @Test
  void theLowerLayersNeverReachUp() {
    noClasses().that().resideInAnyPackage("dev.modelgate.io..", "dev.modelgate.rules..",
            "dev.modelgate.policy..", "dev.modelgate.json..", "dev.modelgate.yaml..",
            "dev.modelgate.tensor..",
            "dev.modelgate.spi..", "dev.modelgate.format..", "dev.modelgate.formats..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.modelgate",
            "dev.modelgate.convert..", "dev.modelgate.report..", "dev.modelgate.integrity..")
        .check(core);
  }

  @Test
  void triageAndTheHubClientSitAboveTheEngine() {
    // suppressions, baselines and hf:// fetching consume reports and feed the scanner; the
    // engine, the formats and the report writers never call back into them
    noClasses().that().resideOutsideOfPackages("dev.modelgate.triage..", "dev.modelgate.hub..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.modelgate.triage..",
            "dev.modelgate.hub..")
        .check(core);
    noClasses().that().resideInAPackage("dev.modelgate.triage..").should()
        .dependOnClassesThat().resideInAnyPackage("dev.modelgate.hub..", "dev.modelgate.format..",
            "dev.modelgate.formats..", "dev.modelgate.convert..", "dev.modelgate.integrity..")
        .check(core);
  }

  @Test
  void formatsNeverTouchTheFileSystemDirectly() {
    // siblings are reached through spi.Folder, so a model on HDFS or a Hub is judged alike
    noClasses().that().resideInAPackage("dev.modelgate.format..").should()
        .dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
        .check(core);
  }
}
