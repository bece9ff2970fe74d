package dev.modelgate.format.paddle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaddleHandlerTest {
  static ScanResult scan(String name) throws IOException {
    return Fixtures.scan(Fixtures.dir("formats-a/paddle").resolve(name));
  }

  @ParameterizedTest
  @CsvSource({
      "inference.pdmodel, paddle-pdmodel, CLEAN, ",
      "py_func.pdmodel, paddle-pdmodel, MALICIOUS, paddle.python-op",
      "save_combine.pdmodel, paddle-pdmodel, MALICIOUS, paddle.file-op",
      "listen_and_serv.pdmodel, paddle-pdmodel, MALICIOUS, paddle.network-op",
      "truncated.pdmodel, paddle-pdmodel, INVALID, paddle.malformed",
      "model.pdparams, pickle, CLEAN, ",
      "payload.pdparams, pickle, MALICIOUS, pickle.dangerous-call"})
  void fixtures(String file, String format, Verdict verdict, String rule) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(verdict);
    if (rule != null) {
      assertThat(r.findings()).extracting(Finding::rule).containsExactly(rule);
    }
  }

  @Test
  void fileOpsNameThePath() throws IOException {
    assertThat(scan("save_combine.pdmodel").findings().get(0).evidence())
        .isEqualTo("save_combine file_path='/home/user/.ssh/authorized_keys'");
  }
}
