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

  static List<Path> onnxInvalid() {
    return Fixtures.files("redteam6/onnx", "invalid_");
  }

  static List<Path> onnxBenign() {
    return Fixtures.files("redteam6/onnx", "benign_");
  }

  @ParameterizedTest
  @MethodSource("onnxInvalid")
  void onnxGraphsProducingAValueTwiceAreInvalid(Path file) throws IOException {
    ScanResult r = scanAll(file).get(0);
    assertThat(r.verdict()).as(file.toString()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("onnx.ssa");
  }

  @ParameterizedTest
  @MethodSource("onnxBenign")
  void onnxGraphsInSingleAssignmentStayClean(Path file) throws IOException {
    assertThat(findings(file)).as(file.toString()).isEmpty();
  }

  static List<Path> nestedMalicious() {
    return Fixtures.files("redteam6/nested", "malicious_");
  }

  static List<Path> nestedSuspicious() {
    return Fixtures.files("redteam6/nested", "suspicious_");
  }

  static List<Path> nestedBenign() {
    return Fixtures.files("redteam6/nested", "benign_");
  }

  @ParameterizedTest
  @MethodSource("nestedMalicious")
  void nestedLoadersComputedNamesAndFlagTricksAreMalicious(Path file) throws IOException {
    assertThat(scanAll(file).get(0).verdict()).as(file.toString()).isEqualTo(Verdict.MALICIOUS);
  }

  @ParameterizedTest
  @MethodSource("nestedSuspicious")
  void foldedBenignNamesPlainFlaggedZipsAndMissingSiblingsAreSuspicious(Path file)
      throws IOException {
    assertThat(scanAll(file).get(0).verdict()).as(file.toString()).isEqualTo(Verdict.SUSPICIOUS);
  }

  @ParameterizedTest
  @MethodSource("nestedBenign")
  void whatTheLibrariesWriteStaysClean(Path file) throws IOException {
    for (ScanResult r : scanAll(file)) {
      assertThat(r.findings()).as(r.path()).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void theNestedPickleOfAConfigLoaderIsAnalysed() throws IOException {
    assertThat(findings(Fixtures.dir("redteam6/nested").resolve("malicious_config_loader.pkl")))
        .anySatisfy(f -> assertThat(f.evidence()).isEqualTo("os.system('true')"));
  }

  @org.junit.jupiter.api.Test
  void computedNamesAreFoldedOrCalledUnknowable() throws IOException {
    Path dir = Fixtures.dir("redteam6/nested");
    assertThat(findings(dir.resolve("malicious_folded_name.pkl")))
        .anySatisfy(f -> assertThat(f.evidence()).isEqualTo("os.system('true')"));
    assertThat(findings(dir.resolve("malicious_unknowable_name.pkl")))
        .extracting(Finding::rule).contains("pickle.computed-global");
    assertThat(findings(dir.resolve("malicious_module_override.pkl")))
        .anySatisfy(f -> assertThat(f.evidence()).startsWith("builtins.eval("));
    // the plain-but-flagged torch zip has its pickle analysed, as torch.load would load it
    assertThat(findings(dir.resolve("malicious_flag_torch.pt")))
        .extracting(Finding::rule).contains("zip.encryption-flag", "pickle.dangerous-call");
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
