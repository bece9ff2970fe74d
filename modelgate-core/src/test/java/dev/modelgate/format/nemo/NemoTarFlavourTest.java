package dev.modelgate.format.nemo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NemoTarFlavourTest {
  static List<ScanResult> scan(String name) throws IOException {
    return new Scanner(ScanOptions.defaults())
        .scanFile(Fixtures.dir("formats-a/nemo").resolve(name));
  }

  static List<String> rules(List<ScanResult> rs) {
    return rs.stream().flatMap(r -> r.findings().stream())
        .filter(f -> f.verdict() != Verdict.CLEAN).map(Finding::rule).toList();
  }

  @ParameterizedTest
  @CsvSource({
      "asr_model.nemo, CLEAN, ",
      "asr_model_gz.nemo, CLEAN, ",
      "target_os_system.nemo, MALICIOUS, nemo.dangerous-target",
      "target_builtins_eval.nemo, MALICIOUS, nemo.dangerous-target",
      "target_unknown.nemo, SUSPICIOUS, nemo.unknown-target",
      "yaml_python_tag.nemo, MALICIOUS, nemo.yaml-python-tag",
      "alias_bomb.nemo, INVALID, nemo.config-limit",
      "pickle_weights.nemo, MALICIOUS, pickle.dangerous-call",
      "member_traversal.nemo, MALICIOUS, tar.path-traversal"})
  void fixtures(String file, Verdict verdict, String rule) throws IOException {
    List<ScanResult> rs = scan(file);
    assertThat(rs.get(0).verdict()).as(rs.toString()).isEqualTo(verdict);
    assertThat(rs).extracting(ScanResult::format).contains("nemo");
    if (rule == null) {
      assertThat(rules(rs)).isEmpty();
    } else {
      assertThat(rules(rs)).contains(rule);
    }
  }

  @Test
  void theCheckpointInsideIsScannedAsATorchFile() throws IOException {
    assertThat(scan("asr_model.nemo")).extracting(ScanResult::format)
        .containsExactly("nemo", "unknown", "pytorch-zip");
  }

  @Test
  void findingsNameTheKeyPath() throws IOException {
    Finding f = scan("target_os_system.nemo").get(0).findings().get(0);
    assertThat(f.location()).isEqualTo("./model_config.yaml:encoder.hook._target_");
    assertThat(f.evidence()).isEqualTo("os.system");
  }
}
