package dev.modelgate.format.lightgbm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.nio.charset.StandardCharsets;

/** Jazzer target: fuzzed LightGBM model text behind the header LightGBM writes. */
class LgbFuzzTest {
  private static final byte[] HEAD = "tree\nversion=v4\n".getBytes(StandardCharsets.US_ASCII);

  @FuzzTest(maxDuration = "30s")
  void model(byte[] data) {
    FuzzSupport.scan("fuzz.txt", data);
    byte[] in = java.util.Arrays.copyOf(HEAD, HEAD.length + data.length);
    System.arraycopy(data, 0, in, HEAD.length, data.length);
    FuzzSupport.scan("fuzz.txt", in);
  }
}
