package dev.modelgate.format.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A header of hundreds of thousands of tiny tensors is legal JSON under the 100 MB header limit,
 * but parsing it took the heap of a 256 MB scanner (OutOfMemoryError, reported only as a parser
 * failure). The tensor count is now checked on the raw header before parsing.
 */
class SafetensorsTensorCountTest {
  @Test
  void tooManyTensorsAreInvalidBeforeParsing() {
    byte[] file = file(SafetensorsFile.MAX_TENSORS + 2); // past the slack for root and metadata
    assertThatThrownBy(() -> SafetensorsFile.read(new BytesSource(file, "many.safetensors")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).rule())
            .isEqualTo("safetensors.tensor-count"));
  }

  @Test
  void bracesInsideStringsAreNotCounted() {
    String json = "{\"{\\\"{\":{\"dtype\":\"U8\"},\"b\":{},\"__metadata__\":{\"k\":\"}{\"}}";
    assertThat(SafetensorsFile.objects(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(4);
  }

  private static byte[] file(int tensors) {
    return file(tensors, "");
  }

  private static byte[] file(int tensors, String prefix) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < tensors; i++) {
      json.append(i == 0 ? "" : ",").append("\"").append(prefix).append(i)
          .append("\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[").append(i).append(',')
          .append(i + 1).append("]}");
    }
    byte[] header = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(header.length).array());
    out.writeBytes(header);
    out.writeBytes(new byte[tensors]);
    return out.toByteArray();
  }
}
