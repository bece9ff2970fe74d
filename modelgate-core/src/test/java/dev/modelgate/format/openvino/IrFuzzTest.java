package dev.modelgate.format.openvino;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.nio.charset.StandardCharsets;

/** Jazzer target: fuzzed IR XML, alone and after a {@code <net>} start tag. */
class IrFuzzTest {
  private static final byte[] HEAD = "<net name=\"f\" version=\"11\"><layers>".getBytes(
      StandardCharsets.US_ASCII);

  @FuzzTest(maxDuration = "30s")
  void xml(byte[] data) {
    FuzzSupport.scan("fuzz.xml", data);
    byte[] in = java.util.Arrays.copyOf(HEAD, HEAD.length + data.length);
    System.arraycopy(data, 0, in, HEAD.length, data.length);
    FuzzSupport.scan("fuzz.xml", in);
  }
}
