package dev.modelgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.policy.Policy;
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
 * Second red team pass (fixtures from scripts/fixtures/redteam2.py): files the real libraries
 * write that were false alarms stay clean, and tensor views torch.load refuses are invalid.
 */
class RedTeam2Test {
  static List<Path> benign() {
    return Fixtures.files("redteam2", "benign_");
  }

  static List<Path> sklearn() {
    return Fixtures.files("redteam2", "sklearn_");
  }

  static List<Path> invalid() {
    return Fixtures.files("redteam2", "invalid_");
  }

  @ParameterizedTest
  @MethodSource("benign")
  void realFilesAreClean(Path file) throws IOException {
    List<ScanResult> results = new Scanner(ScanOptions.defaults()).scanFile(file);
    for (ScanResult r : results) {
      assertThat(r.findings()).as(r.path()).isEmpty();
      assertThat(r.verdict()).as(r.path()).isEqualTo(Verdict.CLEAN);
    }
  }

  @ParameterizedTest
  @MethodSource("sklearn")
  void sklearnEstimatorsAreCleanOnceSklearnIsAllowed(Path file) throws IOException {
    ScanOptions opts = ScanOptions.defaults()
        .withPolicy(Policy.defaults().allow(List.of("sklearn.*")));
    ScanResult r = new Scanner(opts).scanFile(file).get(0);
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    // Without the allowlist the estimator classes are still reported.
    assertThat(Fixtures.scan(file).verdict()).isEqualTo(Verdict.SUSPICIOUS);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void viewsAndRecordsTorchRefusesAreInvalid(Path file) throws IOException {
    ScanResult r = Fixtures.scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    String expected = file.getFileName().toString().startsWith("invalid_view")
        ? "torch.view-bounds" : "torch.storage-size";
    assertThat(r.findings()).extracting(Finding::rule).containsExactly(expected);
    // a legacy (non-zip) checkpoint names its main pickle, a zip its data.pkl member
    assertThat(r.findings().get(0).location()).startsWith(
        file.getFileName().toString().contains("legacy") ? "main@" : "archive/data.pkl@");
  }
}
