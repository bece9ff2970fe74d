package dev.modelgate.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.io.BytesSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
  @TempDir
  Path dir;

  private static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  @Test
  void writesSpecLayoutWithPaddedHeaderAndContiguousOffsets() throws Exception {
    BytesSource storage = new BytesSource(floats(0, 1, 2, 3, 4, 5), "s");
    Tensor whole = new Tensor("w", DType.F32, new long[] {2, 3}, new long[] {3, 1}, 0, storage,
        "0", false);
    Tensor bias = new Tensor("b", DType.F16, new long[] {1}, new long[] {1}, 0,
        new BytesSource(new byte[] {0, 0x3c}, "h"), "1", false);
    Path out = dir.resolve("m.safetensors");
    SafetensorsWriter.write(List.of(bias, whole), Map.of("format", "pt"), out);

    byte[] file = Files.readAllBytes(out);
    long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat((8 + n) % 8).isZero();
    String header = new String(file, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\"}");
    Map<?, ?> h = (Map<?, ?>) Json.parse(header.strip());
    assertThat(((Map<?, ?>) h.get("w")).get("data_offsets")).isEqualTo(List.of(0L, 24L));
    assertThat(((Map<?, ?>) h.get("b")).get("data_offsets")).isEqualTo(List.of(24L, 26L));
    assertThat(Arrays.copyOfRange(file, 8 + (int) n, 8 + (int) n + 24))
        .isEqualTo(floats(0, 1, 2, 3, 4, 5));
    assertThat(file).hasSize(8 + (int) n + 26);
  }

  @Test
  void makesStridedViewsContiguousAndSwapsBigEndian() throws Exception {
    Path raw = dir.resolve("raw");
    Files.write(raw, floats(0, 1, 2, 3, 4, 5));
    try (FileSource storage = FileSource.open(raw)) {
      // transpose of a 2x3 matrix: shape 3x2, strides 1,3
      Tensor t = new Tensor("t", DType.F32, new long[] {3, 2}, new long[] {1, 3}, 0, storage,
          "0", false);
      // a column view with an offset: elements 1 and 4
      Tensor col = new Tensor("col", DType.F32, new long[] {2}, new long[] {3}, 1, storage, "0",
          false);
      Path out = dir.resolve("v.safetensors");
      SafetensorsWriter.write(List.of(t, col), Map.of(), out);
      byte[] file = Files.readAllBytes(out);
      int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
      // sorted by name: col then t
      assertThat(Arrays.copyOfRange(file, 8 + n, file.length))
          .isEqualTo(concat(floats(1, 4), floats(0, 3, 1, 4, 2, 5)));
    }
    byte[] be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f)
        .array();
    Tensor big = new Tensor("x", DType.F32, new long[] {2}, new long[] {1}, 0,
        new BytesSource(be, "be"), "0", true);
    Path out = dir.resolve("be.safetensors");
    SafetensorsWriter.write(List.of(big), Map.of(), out);
    byte[] file = Files.readAllBytes(out);
    assertThat(Arrays.copyOfRange(file, file.length - 8, file.length)).isEqualTo(floats(1.5f, -2f));
  }

  @Test
  void refusesViewsOutsideTheirStorageAndLeavesNoFile() throws Exception {
    Tensor bad = new Tensor("bad", DType.F32, new long[] {4}, new long[] {1}, 3,
        new BytesSource(floats(0, 1, 2, 3), "s"), "0", false);
    Path out = dir.resolve("bad.safetensors");
    assertThatThrownBy(() -> SafetensorsWriter.write(List.of(bad), Map.of(), out))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
