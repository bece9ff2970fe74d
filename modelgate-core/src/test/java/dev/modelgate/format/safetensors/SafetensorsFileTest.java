package dev.modelgate.format.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.Fixtures;
import dev.modelgate.io.FileSource;
import dev.modelgate.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetensorsFileTest {

  @Test
  void exposesTensorsAndMetadata() throws IOException {
    try (FileSource src = FileSource.open(
        Fixtures.dir("safetensors").resolve("clean_f32.safetensors"))) {
      SafetensorsFile f = SafetensorsFile.read(src);
      assertThat(f.metadata()).containsEntry("format", "pt").containsEntry("note", "f32");
      assertThat(f.dataStart()).isEqualTo(8 + f.headerLength());
      assertThat(f.tensors()).extracting(TensorEntry::name)
          .containsExactlyInAnyOrder("embed.weight", "norm.weight");
      TensorEntry e = f.tensors().stream().filter(t -> t.name().equals("embed.weight"))
          .findFirst().orElseThrow();
      assertThat(e.dtype()).isEqualTo(DType.F32);
      assertThat(e.shape()).containsExactly(8L, 4L);
      assertThat(e.byteSize()).isEqualTo(128);
    }
  }

  @Test
  void subByteAndScaleTypesAreSized() throws IOException {
    try (FileSource src = FileSource.open(
        Fixtures.dir("safetensors").resolve("clean_f4.safetensors"))) {
      List<TensorEntry> t = SafetensorsFile.read(src).tensors();
      assertThat(t).extracting(TensorEntry::dtype).containsExactly(DType.F4, DType.F8_E8M0);
      assertThat(t).extracting(TensorEntry::byteSize).containsExactly(4L, 2L);
    }
  }

  @Test
  void readsOnlyTheHeaderOfAHugeFile() throws IOException {
    long big = 1L << 31;
    byte[] json = ("{\"w\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big
        + "]}}").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json);
    Fixtures.CountingSource src = new Fixtures.CountingSource(b.array(), 8 + json.length + big);
    SafetensorsFile f = SafetensorsFile.read(src);
    assertThat(f.tensors().get(0).end()).isEqualTo(big);
    assertThat(src.bytesRead).isLessThan(1000);
  }
}
