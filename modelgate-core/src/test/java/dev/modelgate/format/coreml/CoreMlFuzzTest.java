package dev.modelgate.format.coreml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;

/** Jazzer targets: fuzzed Core ML specs, package manifests and ML Program weight files. */
class CoreMlFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void spec(byte[] data) {
    FuzzSupport.scan("fuzz.mlmodel", data);
    byte[] in = java.util.Arrays.copyOf(new byte[] {0x08, 0x04}, 2 + data.length);
    System.arraycopy(data, 0, in, 2, data.length);
    FuzzSupport.scan("fuzz.mlmodel", in);
  }

  @FuzzTest(maxDuration = "30s")
  void weights(byte[] data) {
    byte[] in = new byte[Math.max(68, data.length)];
    System.arraycopy(data, 0, in, 0, data.length);
    in[4] = 2;
    in[5] = in[6] = in[7] = 0;
    java.util.Arrays.fill(in, 8, 24, (byte) 0);
    in[64] = (byte) 0xef;
    in[65] = (byte) 0xbe;
    in[66] = (byte) 0xad;
    in[67] = (byte) 0xde;
    FuzzSupport.scan("weight.bin", in);
  }
}
