package dev.modelgate.format.keras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.spi.Sniff;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KerasJsonHandlerTest {

  @Test
  void standaloneConfigs() throws IOException {
    ScanResult clean = KerasFixtures.scan("clean_config.json").get(0);
    assertThat(clean.format()).isEqualTo("keras-json");
    assertThat(clean.verdict()).isEqualTo(Verdict.CLEAN);
    ScanResult lambda = KerasFixtures.scan("lambda_config.json").get(0);
    assertThat(lambda.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(lambda.findings()).extracting(Finding::rule).contains("keras.lambda-code");
  }

  @Test
  void kerasZipWithOnlyAConfigIsStillChecked() throws IOException {
    List<ScanResult> all = KerasFixtures.scan("config_only.keras");
    assertThat(all.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(all).anyMatch(r -> r.path().endsWith("!/config.json")
        && r.format().equals("keras-json"));
  }

  @Test
  void claimsOnlyJsonObjectsWithKerasKeys() {
    KerasJsonHandler h = new KerasJsonHandler();
    assertThat(h.detect(sniff(" {\"class_name\": \"Dense\", \"config\": {}}"))).isTrue();
    assertThat(h.detect(sniff("{\"architectures\": [\"BertModel\"]}"))).isFalse();
    assertThat(h.detect(sniff("[\"class_name\", \"config\"]"))).isFalse();
  }

  private static Sniff sniff(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return new Sniff("x.json", b.length, b);
  }
}
