package dev.modelgate.format.numpy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.util.Arrays;

/** Jazzer target: anything after the .npy magic is either accepted or reported, never thrown. */
class NumpyFuzzTest {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  @FuzzTest(maxDuration = "30s")
  void npy(byte[] data) {
    byte[] in = Arrays.copyOf(MAGIC, MAGIC.length + data.length);
    System.arraycopy(data, 0, in, MAGIC.length, data.length);
    FuzzSupport.scan("fuzz.npy", in);
  }
}
