package dev.modelgate.format.xgboost;

import dev.modelgate.format.FixtureScan;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts on the xgboost fixtures of scripts/fixtures/formats_b.py. */
class XgbHandlerTest {

  @ParameterizedTest
  @CsvSource({
      "benign_model.json,              xgboost-json,   CLEAN,      ''",
      "benign_nan.json,                xgboost-json,   CLEAN,      ''",
      "benign_model.ubj,               xgboost-ubj,    CLEAN,      ''",
      "benign_model.bin,               xgboost-binary, CLEAN,      ''",
      "invalid_cycle.json,             xgboost-json,   INVALID,    xgboost.tree",
      "invalid_split_feature.json,     xgboost-json,   INVALID,    xgboost.tree",
      "invalid_num_trees.json,         xgboost-json,   INVALID,    xgboost.structure",
      "invalid_typed_count.ubj,        xgboost-ubj,    INVALID,    xgboost.malformed",
      "invalid_num_nodes.bin,          xgboost-binary, INVALID,    xgboost.structure",
      "invalid_split_feature.bin,      xgboost-binary, INVALID,    xgboost.tree",
      "suspicious_pickled_booster.pkl, pickle,         SUSPICIOUS, pickle.unlisted-global",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    FixtureScan.expect("xgboost/" + file, format, verdict, rule);
  }
}
