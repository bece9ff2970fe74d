package dev.modelgate.format.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the pickle handler claims: pickles, broken ones included, but not raw data. */
class PickleDetectionTest {
  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int k = 0; k < b.length; k++) {
      out[k] = (byte) b[k];
    }
    return out;
  }

  @Test
  void rawWeightsThatHappenToStartLikePROTOAreNotPickles() {
    byte[] raw = new byte[4096];
    new Random(7).nextBytes(raw);
    raw[0] = (byte) 0x80;
    raw[1] = 2;
    raw[2] = (byte) 0xff; // no opcode: the unpickler fails here, having run nothing
    assertThat(PickleHandler.looksLikePickle(raw, raw.length)).isFalse();
  }

  @Test
  void aPayloadBehindDataLargerThanTheSniffWindowIsStillClaimed() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(bytes(0x80, 2, 'B', 0x40, 0x0d, 0x03, 0x00)); // BINBYTES of 200,000 bytes
    o.writeBytes(new byte[200_000]);
    o.writeBytes("0cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
    byte[] head = java.util.Arrays.copyOf(o.toByteArray(), 64 * 1024);
    assertThat(PickleHandler.looksLikePickle(head, o.size() + 10)).isTrue();
  }

  @Test
  void aBrokenPickleThatImportsBeforeItBreaksIsClaimed() {
    byte[] nullifai = "\u0080\u0002cos\nsystem\nX\u0001\u0000\u0000\u0000x\u0085R\u00ff"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(PickleHandler.looksLikePickle(nullifai, nullifai.length)).isTrue();
  }
}
