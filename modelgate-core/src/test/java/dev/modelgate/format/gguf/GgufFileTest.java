package dev.modelgate.format.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.format.Fixtures;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class GgufFileTest {

  @Test
  void readsMetadataAndTensorInfosOfAGgufPyFile() throws IOException {
    try (FileSource src = FileSource.open(Fixtures.dir("gguf").resolve("clean_llama3_q8.gguf"))) {
      GgufFile f = GgufFile.read(src);
      assertThat(f.version()).isEqualTo(3);
      assertThat(f.alignment()).isEqualTo(32);
      assertThat(f.dataStart() % 32).isZero();
      assertThat(f.get("general.architecture").map(GgufKv::value))
          .contains(new GgufValue.Str("llama"));
      assertThat(f.get("tokenizer.chat_template").orElseThrow().value())
          .isInstanceOf(GgufValue.Str.class);
      assertThat(f.get("tokenizer.ggml.tokens").orElseThrow().value())
          .isEqualTo(new GgufValue.Array(GgufValueType.STRING, 5, java.util.List.of()));
      assertThat(f.tensors()).extracting(GgufTensorInfo::name).containsExactly(
          "token_embd.weight", "blk.0.attn_norm.weight", "blk.0.attn_q.weight", "output.weight");
      GgufTensorInfo q = f.tensors().get(2);
      assertThat(q.type()).isEqualTo(GgmlType.Q8_0);
      assertThat(q.dims()).containsExactly(64L, 8L);
      assertThat(q.byteSize()).isEqualTo(8 * 2 * 34);
    }
  }

  @Test
  void readsOnlyTheHeaderOfAHugeFile() throws IOException {
    // a header declaring one 1 GiB F32 tensor, in a 1 GiB + header source of zeros
    ByteBuffer b = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(1).putLong(0);
    b.putLong(1).put((byte) 'w').putInt(2).putLong(1L << 14).putLong(1L << 14).putInt(0)
        .putLong(0);
    long dataStart = 96; // 24-byte preamble + 41-byte tensor info, aligned to 32
    Fixtures.CountingSource src = new Fixtures.CountingSource(b.array(),
        dataStart + (1L << 30));
    GgufFile f = GgufFile.read(src);
    assertThat(f.tensors().get(0).byteSize()).isEqualTo(1L << 30);
    assertThat(src.bytesRead).isLessThan(70_000);
  }

  @Test
  void hostileCountsFailBeforeAllocation() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(0).putLong(-1L);
    assertThatThrownBy(() -> GgufFile.read(new BytesSource(b.array(), "t")))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.rule()).isEqualTo("gguf.kv-count"));
  }

  @Test
  void notGgufIsRejected() throws IOException {
    byte[] data = Files.readAllBytes(Fixtures.dir("safetensors").resolve("clean_f32.safetensors"));
    assertThatThrownBy(() -> GgufFile.read(new BytesSource(data, "t")))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.rule()).isEqualTo("gguf.magic"));
  }
}
