package dev.modelgate.format.coreml;

import dev.modelgate.format.FixtureScan;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts on the coreml fixtures of scripts/fixtures/formats_b.py. */
class CoreMlHandlerTest {

  @ParameterizedTest
  @CsvSource({
      "benign_nn.mlmodel,               coreml,    CLEAN,      ''",
      "benign_program.mlpackage,        directory, CLEAN,      ''",
      "suspicious_custom_layer.mlmodel, coreml,    SUSPICIOUS, coreml.custom-layer",
      "suspicious_custom_model.mlmodel, coreml,    SUSPICIOUS, coreml.custom-model",
      "malicious_weights_path.mlmodel,  coreml,    MALICIOUS,  coreml.weights-outside",
      "malicious_linked_model.mlmodel,  coreml,    MALICIOUS,  coreml.path-traversal",
      "malicious_manifest.mlpackage,    directory, MALICIOUS,  coreml.path-traversal",
      "invalid_truncated.mlmodel,       coreml,    INVALID,    coreml.malformed",
      "invalid_blob_offset.mlpackage,   directory, INVALID,    coreml.weights-offset",
      "invalid_weights.mlpackage,       directory, INVALID,    coreml.weights-structure",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    FixtureScan.expect("coreml/" + file, format, verdict, rule);
  }
}
