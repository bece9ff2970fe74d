package dev.modelgate.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark job is a shell over the core, as the CLI and the server are: it uses the core's API
 * packages only (never a format reader or the registry, so the core can change its readers
 * freely), and the core never points at the job, at Spark or at Hadoop.
 */
class ShellArchitectureTest {
  private static JavaClasses job;

  @BeforeAll
  static void load() {
    job = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.modelgate.spark");
  }

  @Test
  void usesOnlyTheCoresApiPackages() {
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.modelgate.spark..",
            // the core's API: the engine, byte sources and limits, policy, findings, JSON
            "dev.modelgate", "dev.modelgate.io", "dev.modelgate.policy", "dev.modelgate.rules",
            "dev.modelgate.json",
            "java..", "org.apache.spark..", "org.apache.hadoop..", "scala..")
        .check(job);
  }

  @Test
  void touchesNoFormatReaderNorTheRegistry() {
    noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("dev.modelgate.format..", "dev.modelgate.formats..",
            "dev.modelgate.spi..")
        .check(job);
  }

  @Test
  void coreNeverDependsOnTheJobNorOnSpark() {
    JavaClasses core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.modelgate")
        .that(DescribedPredicate.describe("core classes",
            c -> !c.getPackageName().startsWith("dev.modelgate.spark")));
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.modelgate.spark..",
            "org.apache.spark..", "org.apache.hadoop..", "scala..")
        .check(core);
  }
}
