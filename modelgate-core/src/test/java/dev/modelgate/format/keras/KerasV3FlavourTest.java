package dev.modelgate.format.keras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KerasV3FlavourTest {

  @ParameterizedTest
  @CsvSource({
      "clean_mlp.keras,          CLEAN,      ''",
      "clean_cnn.keras,          CLEAN,      ''",
      "custom_registered.keras,  SUSPICIOUS, keras.custom-object",
      "lambda.keras,             MALICIOUS,  keras.lambda-code",
      "builtins_function.keras,  MALICIOUS,  keras.dangerous-object",
      "os_system.keras,          MALICIOUS,  keras.dangerous-object",
      "get_file.keras,           MALICIOUS,  keras.dangerous-object",
      "tfsm_layer.keras,         MALICIOUS,  keras.dangerous-object",
  })
  void verdicts(String file, Verdict verdict, String rule) throws IOException {
    List<ScanResult> all = KerasFixtures.scan(file);
    ScanResult r = all.get(0);
    assertThat(r.format()).isEqualTo("keras-v3");
    assertThat(r.verdict()).isEqualTo(verdict);
    List<String> rules = r.findings().stream().map(Finding::rule).toList();
    if (rule.isEmpty()) {
      assertThat(rules).isEmpty();
    } else {
      assertThat(rules).contains(rule);
    }
  }

  @Test
  void weightsMemberIsScannedAsHdf5() throws IOException {
    List<ScanResult> clean = KerasFixtures.scan("clean_mlp.keras");
    assertThat(clean).extracting(ScanResult::path).anyMatch(p -> p.endsWith("!/model.weights.h5"));
    assertThat(clean).allMatch(r -> r.verdict() == Verdict.CLEAN);

    List<ScanResult> hostile = KerasFixtures.scan("external_storage.keras");
    ScanResult weights = hostile.stream().filter(r -> r.path().endsWith("!/model.weights.h5"))
        .findFirst().orElseThrow();
    assertThat(weights.format()).isEqualTo("hdf5");
    assertThat(weights.findings()).extracting(Finding::rule).contains("hdf5.external-storage");
    assertThat(weights.findings().get(0).evidence()).contains("/etc/passwd");
    assertThat(hostile.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
  }
}
