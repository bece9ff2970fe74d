package dev.modelgate.format.torch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.util.Arrays;

/** Jazzer target: anything after the legacy torch magic pickle is accepted or reported. */
class LegacyTorchFuzzTest {
  private static final byte[] MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc,
      (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e};

  @FuzzTest(maxDuration = "30s")
  void legacy(byte[] data) {
    byte[] in = Arrays.copyOf(MAGIC, MAGIC.length + data.length);
    System.arraycopy(data, 0, in, MAGIC.length, data.length);
    FuzzSupport.scan("fuzz.pt", in);
  }
}
