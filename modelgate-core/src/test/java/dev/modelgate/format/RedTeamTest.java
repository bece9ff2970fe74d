package dev.modelgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bypasses found by attacking the scanner (scripts/fixtures/redteam.py), each with a benign twin
 * that must keep its verdict.
 */
class RedTeamTest {

  @ParameterizedTest
  @CsvSource({
      // pickle: protocol 4 walks dotted names through module aliases and dunders
      "dotted_module_alias.pkl,            MALICIOUS,  pickle.dangerous-call",
      "dotted_private_alias.pkl,           MALICIOUS,  pickle.dangerous-call",
      "dotted_dunder_escape.pkl,           MALICIOUS,  pickle.dangerous-call",
      "dotted_subclasses.pkl,              MALICIOUS,  pickle.dangerous-call",
      "benign_nested_class.pkl,            SUSPICIOUS, pickle.unlisted-global",
      // pickle: helpers in innocent modules that shell out, import, evaluate or read files
      "uuid_command.pkl,                   MALICIOUS,  pickle.dangerous-call",
      "osx_support_shell.pkl,              MALICIOUS,  pickle.dangerous-call",
      "torch_fx_source.pkl,                MALICIOUS,  pickle.dangerous-call",
      "numpy2_npyio_load.pkl,              MALICIOUS,  pickle.dangerous-call",
      "warnings_import.pkl,                MALICIOUS,  pickle.dangerous-call",
      "pandas_read_csv.pkl,                MALICIOUS,  pickle.dangerous-call",
      "benign_ordereddict.pkl,             CLEAN,      ''",
      // keras: bytecode in a Keras 2 Lambda's output_shape
      "keras2_output_shape_lambda.h5,      MALICIOUS,  keras.lambda-code",
      "keras2_output_shape_raw.h5,         CLEAN,      ''",
      // keras: functions from catalogued modules outside Keras
      "keras_activation_numpy_load.keras,  MALICIOUS,  keras.dangerous-object",
      "keras_activation_pkgutil.keras,     MALICIOUS,  keras.dangerous-object",
      "keras_activation_relu.keras,        CLEAN,      ''",
      // tensorflow: a fixed checkpoint path behind Identity(StringJoin(Const, Const))
      "tf_save_joined_path/saved_model.pb, MALICIOUS,  tensorflow.file-op",
      "tf_save_fed_path/saved_model.pb,    CLEAN,      ''",
  })
  void verdict(String file, Verdict expected, String rule) throws IOException {
    ScanResult r = Fixtures.scan(Fixtures.dir("redteam").resolve(file));
    assertThat(r.verdict()).as(file + " " + r.findings()).isEqualTo(expected);
    if (!rule.isEmpty()) {
      assertThat(r.findings()).extracting(Finding::rule).contains(rule);
    }
  }
}
