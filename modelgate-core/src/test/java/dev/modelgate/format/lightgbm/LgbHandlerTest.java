package dev.modelgate.format.lightgbm;

import dev.modelgate.format.FixtureScan;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verdicts on the lightgbm fixtures of scripts/fixtures/formats_b.py. */
class LgbHandlerTest {

  @ParameterizedTest
  @CsvSource({
      "benign_binary.txt,          lightgbm, CLEAN,      ''",
      "benign_booster.pkl,         pickle,   SUSPICIOUS, pickle.unlisted-global",
      "invalid_cycle.txt,          lightgbm, INVALID,    lightgbm.tree",
      "invalid_split_feature.txt,  lightgbm, INVALID,    lightgbm.tree",
      "invalid_tree_sizes.txt,     lightgbm, INVALID,    lightgbm.tree-sizes",
      "invalid_num_leaves.txt,     lightgbm, INVALID,    lightgbm.structure",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    FixtureScan.expect("lightgbm/" + file, format, verdict, rule);
  }
}
