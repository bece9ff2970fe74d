package dev.modelgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sixth red team pass (issue 9; fixtures from scripts/fixtures/redteam6.py). Code a format runs
 * by design: torch.fx GraphModules and TorchScript archives made by torch are suspicious ("runs
 * stored code"), the same with an import, a call outside torch or a torch file operation added
 * are malicious with the line as evidence.
 */
class RedTeam6Test {
  static List<Path> codeMalicious() {
    return Fixtures.files("redteam6/code", "malicious_");
  }

  static List<Path> codeBenign() {
    return Fixtures.files("redteam6/code", "benign_");
  }

  static List<ScanResult> scanAll(Path file) throws IOException {
    return new Scanner(ScanOptions.defaults()).scanFile(file);
  }

  private static List<Finding> findings(Path file) throws IOException {
    return scanAll(file).stream().flatMap(r -> r.findings().stream()).toList();
  }

  @ParameterizedTest
  @MethodSource("codeBenign")
  void torchMadeGraphsAndScriptsRunStoredCodeButNothingElse(Path file) throws IOException {
    List<Finding> f = findings(file);
    assertThat(f).extracting(Finding::verdict).as(file.toString())
        .doesNotContain(Verdict.MALICIOUS, Verdict.INVALID);
    assertThat(f).extracting(Finding::rule).as(file.toString())
        .containsAnyOf("torch.fx-code", "torch.torchscript-code")
        .doesNotContain("torch.fx-code-injection", "torch.torchscript-code-injection",
            "pickle.dangerous-call");
    assertThat(scanAll(file).get(0).verdict()).isEqualTo(Verdict.SUSPICIOUS);
  }

  @ParameterizedTest
  @MethodSource("codeMalicious")
  void storedCodeReachingOutsideTorchIsMaliciousWithItsLine(Path file) throws IOException {
    ScanResult r = scanAll(file).get(0);
    assertThat(r.verdict()).as(file.toString()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.findings()).as(file.toString())
        .filteredOn(x -> x.rule().endsWith("-code-injection")).singleElement()
        .satisfies(x -> assertThat(x.evidence()).isNotBlank()
            .containsAnyOf("os", "__class__", "torch.load", "from_file", "torch.save"));
  }
}
