package dev.modelgate.format.catboost;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;

/** Jazzer target: fuzzed CatBoost model cores behind the CBM1 magic. */
class CatBoostFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void model(byte[] data) {
    FuzzSupport.scan("fuzz.cbm", data);
    byte[] in = java.util.Arrays.copyOf(new byte[] {'C', 'B', 'M', '1'}, 4 + data.length);
    System.arraycopy(data, 0, in, 4, data.length);
    FuzzSupport.scan("fuzz.cbm", in);
  }
}
