package dev.modelgate.format.flax;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;

/**
 * Jazzer target: fuzzed MessagePack, alone and after a map entry holding an ndarray ext so the
 * Flax handler claims it.
 */
class FlaxFuzzTest {
  /** {"a": ExtType(1, packb(((1,), "int8", b"\0")))} with the map count raised to 2. */
  private static final byte[] HEAD = {(byte) 0x82, (byte) 0xa1, 'a', (byte) 0xc7, 11, 1,
      (byte) 0x93, (byte) 0x91, 1, (byte) 0xa4, 'i', 'n', 't', '8', (byte) 0xc4, 1, 0};

  @FuzzTest(maxDuration = "30s")
  void checkpoint(byte[] data) {
    FuzzSupport.scan("fuzz.msgpack", data);
    byte[] in = java.util.Arrays.copyOf(HEAD, HEAD.length + data.length);
    System.arraycopy(data, 0, in, HEAD.length, data.length);
    FuzzSupport.scan("fuzz.msgpack", in);
  }
}
