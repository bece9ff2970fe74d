package dev.modelgate.format.xgboost;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.nio.charset.StandardCharsets;

/** Jazzer targets: fuzzed JSON, UBJSON and old-binary XGBoost models through the scanner. */
class XgbFuzzTest {
  private static final byte[] JSON = "{\"learner\":{\"gradient_booster\":".getBytes(
      StandardCharsets.US_ASCII);
  private static final byte[] UBJ = {'{', 'L', 0, 0, 0, 0, 0, 0, 0, 7, 'l', 'e', 'a', 'r', 'n',
      'e', 'r'};

  @FuzzTest(maxDuration = "30s")
  void model(byte[] data) {
    FuzzSupport.scan("fuzz.json", data);
    FuzzSupport.scan("fuzz.json", concat(JSON, data));
    FuzzSupport.scan("fuzz.ubj", concat(UBJ, data));
    FuzzSupport.scan("fuzz.bin", concat("binf".getBytes(StandardCharsets.US_ASCII), data));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
