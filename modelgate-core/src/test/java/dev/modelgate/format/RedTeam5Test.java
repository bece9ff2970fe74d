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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fifth red team pass (fixtures from scripts/fixtures/redteam5.py): text-format TensorFlow
 * graphs are scanned like binary ones, recursive ONNX model-local functions and impossible opset
 * versions are invalid, Keras module paths outside the modeling areas are suspicious; old-style
 * HDF5 soft links and what the real libraries write stay clean.
 */
class RedTeam5Test {
  private static final Path DIR = Fixtures.dir("redteam5");

  static List<Path> invalid() {
    return Fixtures.files("redteam5", "invalid_");
  }

  static List<Path> suspicious() {
    return Fixtures.files("redteam5", "suspicious_");
  }

  static List<Path> benign() {
    return Fixtures.files("redteam5", "benign_");
  }

  private static ScanResult scan(Path file) throws IOException {
    return new Scanner(ScanOptions.defaults()).scanFile(file).get(0);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void hostileStructuresAreInvalid(Path file) throws IOException {
    assertThat(scan(file).verdict()).as(file.toString()).isEqualTo(Verdict.INVALID);
  }

  @ParameterizedTest
  @MethodSource("suspicious")
  void unusualKerasModulesAreSuspicious(Path file) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.verdict()).as(file.toString()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("keras.unusual-object");
  }

  @ParameterizedTest
  @MethodSource("benign")
  void realFilesAreClean(Path file) throws IOException {
    for (ScanResult r : new Scanner(ScanOptions.defaults()).scanFile(file)) {
      assertThat(r.findings()).as(r.path()).isEmpty();
      assertThat(r.verdict()).as(r.path()).isEqualTo(Verdict.CLEAN);
    }
  }

  @Test
  void textGraphPythonCallbackIsMalicious() throws IOException {
    ScanResult r = scan(DIR.resolve("malicious_pyfunc_graph.pbtxt"));
    assertThat(r.format()).isEqualTo("tf-graphdef-text");
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.findings()).extracting(Finding::rule)
        .containsExactly("tensorflow.python-callback");
  }

  @Test
  void textSavedModelPrintToFileIsMalicious() throws IOException {
    ScanResult r = scan(DIR.resolve("malicious_print_text/saved_model.pbtxt"));
    assertThat(r.format()).isEqualTo("tf-savedmodel-text");
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("tensorflow.file-op");
    // octal escapes in the text string are decoded before the check
    assertThat(r.findings().get(0).evidence()).contains("file:///tmp/mg-rt5-print");
  }

  @Test
  void textSavedModelAssetTraversalIsMalicious() throws IOException {
    ScanResult r = scan(DIR.resolve("malicious_asset_text/saved_model.pbtxt"));
    assertThat(r.findings()).extracting(Finding::rule)
        .containsExactly("tensorflow.asset-traversal");
    assertThat(r.findings().get(0).evidence()).contains("../../etc/passwd");
  }

  @Test
  void recursiveFunctionIsNamed() throws IOException {
    ScanResult r = scan(DIR.resolve("invalid_function_self.onnx"));
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("onnx.function-recursion");
    assertThat(r.findings().get(0).message()).contains("local::F");
  }
}
