package dev.modelgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Third red team pass, non-pickle formats (fixtures from scripts/fixtures/redteam3.py): Keras
 * lookup layers reading a vocabulary from a host path or URL, references to Keras/TF file,
 * dataset and callback APIs are malicious; Keras' own built-in functions saved as
 * {@code builtins} and in-file vocabularies stay clean.
 */
class RedTeam3Test {
  static List<Path> benign() {
    return Fixtures.files("redteam3", "benign_");
  }

  static List<Path> malicious() {
    return Fixtures.files("redteam3", "malicious_");
  }

  static List<Path> suspicious() {
    return Fixtures.files("redteam3", "suspicious_");
  }

  @ParameterizedTest
  @MethodSource("benign")
  void realKerasModelsAreClean(Path file) throws IOException {
    for (ScanResult r : new Scanner(ScanOptions.defaults()).scanFile(file)) {
      assertThat(r.findings()).as(r.path()).isEmpty();
      assertThat(r.verdict()).as(r.path()).isEqualTo(Verdict.CLEAN);
    }
  }

  @ParameterizedTest
  @MethodSource("malicious")
  void fileReachingConfigsAreMalicious(Path file) throws IOException {
    ScanResult r = Fixtures.scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    String rule = file.getFileName().toString().contains("vocab")
        ? "keras.vocabulary-file" : "keras.dangerous-object";
    assertThat(r.findings()).extracting(Finding::rule).contains(rule);
  }

  @ParameterizedTest
  @MethodSource("suspicious")
  void unusualKerasReferencesAreSuspicious(Path file) throws IOException {
    ScanResult r = Fixtures.scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.findings()).extracting(Finding::rule).containsOnly("keras.unusual-object");
  }
}
