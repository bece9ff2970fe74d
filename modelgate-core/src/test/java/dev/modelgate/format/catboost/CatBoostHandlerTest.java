package dev.modelgate.format.catboost;

import dev.modelgate.format.FixtureScan;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts on the catboost fixtures of scripts/fixtures/formats_b.py. */
class CatBoostHandlerTest {

  @ParameterizedTest
  @CsvSource({
      "benign_model.cbm,        catboost, CLEAN,   ''",
      "invalid_leaf_count.cbm,  catboost, INVALID, catboost.tree",
      "invalid_split.cbm,       catboost, INVALID, catboost.tree",
      "invalid_depth.cbm,       catboost, INVALID, catboost.tree",
      "invalid_core_size.cbm,   catboost, INVALID, catboost.structure",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    FixtureScan.expect("catboost/" + file, format, verdict, rule);
  }
}
