package dev.modelgate.convert;

import dev.modelgate.format.gguf.GgufFile;
import dev.modelgate.format.gguf.GgufTensorInfo;
import dev.modelgate.format.safetensors.SafetensorsFile;
import dev.modelgate.format.safetensors.TensorEntry;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.FileRegion;
import dev.modelgate.io.FileSource;
import dev.modelgate.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the tensors of any format modelgate reads, from headers and pickles only (no tensor data
 * is read, nothing is executed). Callers scan first; this only describes structure.
 */
public final class Inspector {
  private static final byte[] GGUF = "GGUF".getBytes(StandardCharsets.US_ASCII);

  private Inspector() {}

  /**
   * One tensor as stored.
   *
   * @param dtype safetensors dtype name, or the ggml type name for GGUF
   * @param shape dimensions outermost first (GGUF's ggml order is reversed to match)
   * @param byteLength bytes of the tensor's data
   * @param offset absolute file offset of its first byte, -1 when not in the file as such
   *     (a compressed member)
   */
  public record Row(String name, String dtype, List<Long> shape, long byteLength, long offset) {
    public Row {
      shape = List.copyOf(shape);
    }
  }

  /** The file's format id and its tensors. */
  public record Listing(String format, List<Row> rows, int skipped) {}

  public static Listing inspect(Path file) throws IOException {
    try (FileSource src = FileSource.open(file)) {
      byte[] head = src.head(8);
      if (Readers.startsWith(head, GGUF)) {
        return gguf(src);
      }
      if (looksLikeSafetensors(src)) {
        return safetensors(src);
      }
      try (TensorSet set = Readers.read(src)) {
        List<Row> rows = new ArrayList<>();
        for (Tensor t : set.tensors()) {
          rows.add(new Row(t.name(), t.dtype().safetensorsName(), shape(t.shape()),
              t.byteLength(), offset(t)));
        }
        return new Listing(set.format(), rows, set.skipped());
      }
    }
  }

  private static long offset(Tensor t) {
    Optional<FileRegion> r = t.storage().fileRegion();
    return r.map(f -> f.offset() + t.offset() * t.dtype().size()).orElse(-1L);
  }

  /** A little-endian header length that fits the file and a JSON object after it. */
  private static boolean looksLikeSafetensors(ByteSource src) throws IOException {
    if (src.size() < 10) {
      return false;
    }
    byte[] h = src.head(9);
    long n = 0;
    for (int k = 7; k >= 0; k--) {
      n = n << 8 | (h[k] & 0xff);
    }
    return n > 0 && n <= src.size() - 8 && h[8] == '{';
  }

  private static Listing safetensors(ByteSource src) throws IOException {
    SafetensorsFile f = SafetensorsFile.read(src);
    List<Row> rows = new ArrayList<>();
    for (TensorEntry e : f.tensors()) {
      rows.add(new Row(e.name(), e.dtype().name(), e.shape(), e.byteSize(),
          f.dataStart() + e.begin()));
    }
    return new Listing("safetensors", rows, 0);
  }

  private static Listing gguf(ByteSource src) throws IOException {
    GgufFile f = GgufFile.read(src);
    List<Row> rows = new ArrayList<>();
    for (GgufTensorInfo t : f.tensors()) {
      List<Long> shape = new ArrayList<>(t.dims());
      java.util.Collections.reverse(shape);
      rows.add(new Row(t.name(), t.type().name(), shape, t.byteSize(),
          f.dataStart() + t.offset()));
    }
    return new Listing("gguf", rows, 0);
  }

  private static List<Long> shape(long[] dims) {
    List<Long> out = new ArrayList<>();
    for (long d : dims) {
      out.add(d);
    }
    return out;
  }
}
