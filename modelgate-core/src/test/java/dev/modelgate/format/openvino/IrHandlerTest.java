package dev.modelgate.format.openvino;

import dev.modelgate.format.FixtureScan;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts on the openvino fixtures of scripts/fixtures/formats_b.py. */
class IrHandlerTest {

  @ParameterizedTest
  @CsvSource({
      "benign_add.xml,            openvino-ir, CLEAN,      ''",
      "suspicious_extension.xml,  openvino-ir, SUSPICIOUS, openvino.extension-op",
      "invalid_offset.xml,        openvino-ir, INVALID,    openvino.weights-range",
      "invalid_size.xml,          openvino-ir, INVALID,    openvino.weights-size",
      "invalid_edge.xml,          openvino-ir, INVALID,    openvino.structure",
      "invalid_missing_bin.xml,   openvino-ir, INVALID,    openvino.weights-missing",
      "invalid_entities.xml,      openvino-ir, INVALID,    openvino.xml",
      "invalid_xxe.xml,           openvino-ir, INVALID,    openvino.xml",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    FixtureScan.expect("openvino/" + file, format, verdict, rule);
  }
}
