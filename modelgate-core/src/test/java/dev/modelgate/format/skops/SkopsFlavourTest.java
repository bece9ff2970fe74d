package dev.modelgate.format.skops;

import dev.modelgate.format.FixtureScan;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts on the skops fixtures of scripts/fixtures/formats_b.py. */
class SkopsFlavourTest {

  @ParameterizedTest
  @CsvSource({
      "benign_logreg.skops,           skops, CLEAN,      ''",
      "suspicious_custom_class.skops, skops, SUSPICIOUS, skops.untrusted-type",
      "malicious_eval_key_type.skops, skops, MALICIOUS,  skops.dangerous-type",
      "malicious_function.skops,      skops, MALICIOUS,  skops.dangerous-type",
      "malicious_function_v0.skops,   skops, MALICIOUS,  skops.dangerous-type",
      "malicious_operator.skops,      skops, MALICIOUS,  skops.dangerous-type",
      "malicious_npy_member.skops,    skops, MALICIOUS,  pickle.dangerous-call",
      "invalid_unknown_loader.skops,  skops, INVALID,    skops.unknown-loader",
      "invalid_missing_file.skops,    skops, INVALID,    skops.missing-file",
      "invalid_cached.skops,          skops, INVALID,    skops.cached-reference",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    FixtureScan.expect("skops/" + file, format, verdict, rule);
  }
}
