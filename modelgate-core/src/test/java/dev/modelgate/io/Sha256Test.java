package dev.modelgate.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  @TempDir
  Path tmp;

  private static String reference(byte[] b, int from, int to) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(b, from, to - from);
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void everyKindOfSourceDigestsItsOwnBytes() throws Exception {
    byte[] data = new byte[3 * Sha256.CHUNK + 17];
    new Random(3).nextBytes(data);
    Path f = tmp.resolve("f.bin");
    Files.write(f, data);
    try (FileSource file = FileSource.open(f)) {
      assertThat(Sha256.hexOf(file)).isEqualTo(reference(data, 0, data.length));
      assertThat(Sha256.hexOf(file.slice(5, Sha256.CHUNK + 3)))
          .isEqualTo(reference(data, 5, 5 + Sha256.CHUNK + 3));
    }
    BytesSource mem = new BytesSource(data, data.length - 1, "m");
    assertThat(Sha256.hexOf(mem)).isEqualTo(reference(data, 0, data.length - 1));
    assertThat(Sha256.hexOf(mem.slice(100, 1000))).isEqualTo(reference(data, 100, 1100));
    assertThat(Sha256.hexOf(mem.slice(100, 1000).slice(10, 20)))
        .isEqualTo(reference(data, 110, 130));
    assertThat(Sha256.hexOf(new BytesSource(new byte[0], "empty")))
        .isEqualTo(reference(new byte[0], 0, 0));
  }

  @Test
  void aFileShorterThanTheRangeIsNamed() throws Exception {
    Path f = tmp.resolve("short.bin");
    Files.write(f, new byte[10]);
    try (FileChannel ch = FileChannel.open(f)) {
      assertThatThrownBy(() -> Sha256.update(Sha256.digest(), ch, 0, 20, "short.bin"))
          .isInstanceOf(EOFException.class).hasMessageContaining("short.bin")
          .hasMessageContaining("offset 10");
    }
  }
}
