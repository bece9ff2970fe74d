package dev.modelgate.convert;

import dev.modelgate.DescribedScan;
import dev.modelgate.ScanOptions;
import dev.modelgate.Scanner;
import dev.modelgate.format.gguf.GgufFile;
import dev.modelgate.format.gguf.GgufTensorInfo;
import dev.modelgate.format.safetensors.SafetensorsFile;
import dev.modelgate.format.safetensors.TensorEntry;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.FileRegion;
import dev.modelgate.io.FileSource;
import dev.modelgate.policy.Policy;
import dev.modelgate.spi.Description;
import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Lists the tensors of any format modelgate reads, from headers and pickles only (no tensor data
 * is read, nothing is executed). The input is scanned first and refused unless clean; the list
 * is made from what that scan's readers described, so it shows the structure that was judged.
 */
public final class Inspector {
  private Inspector() {}

  /**
   * One tensor as stored.
   *
   * @param dtype safetensors dtype name, or the ggml type name for GGUF's quantised types
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

  /** Opens {@code file} once, scans it with the default policy and lists its tensors. */
  public static Listing inspect(Path file) throws IOException {
    try (FileSource src = FileSource.open(file)) {
      return inspect(src, Checkpoint.options(Policy.defaults()));
    }
  }

  /**
   * Scans an open source with {@code options} and lists its tensors from what the scan found.
   *
   * @throws RefusedException when the scan verdict is not clean (its report names the findings)
   */
  public static Listing inspect(ByteSource src, ScanOptions options) throws IOException {
    try (DescribedScan scan = new Scanner(options).describe(src)) {
      if (!scan.report().allClean()) {
        throw new RefusedException(src.name(), scan.report());
      }
      return list(scan.description().orElse(null), src.size());
    }
  }

  private static Listing list(@Nullable Description d, long size) throws IOException {
    return switch (d) {
      case SafetensorsFile f -> safetensors(f);
      case GgufFile f -> gguf(f);
      case null, default -> {
        TensorSet set = Extraction.of(d, size);
        List<Row> rows = new ArrayList<>();
        for (Tensor t : set.tensors()) {
          rows.add(new Row(t.name(), t.dtype().safetensorsName(), shape(t.shape()),
              t.byteLength(), offset(t)));
        }
        yield new Listing(set.format(), rows, set.skipped());
      }
    };
  }

  private static long offset(Tensor t) {
    Optional<FileRegion> r = t.storage().fileRegion();
    return r.map(f -> f.offset() + t.offset() * t.dtype().size()).orElse(-1L);
  }

  private static Listing safetensors(SafetensorsFile f) {
    List<Row> rows = new ArrayList<>();
    for (TensorEntry e : f.tensors()) {
      rows.add(new Row(e.name(), e.dtype().safetensorsName(), e.shape(), e.byteSize(),
          f.dataStart() + e.begin()));
    }
    return new Listing("safetensors", rows, 0);
  }

  private static Listing gguf(GgufFile f) {
    List<Row> rows = new ArrayList<>();
    for (GgufTensorInfo t : f.tensors()) {
      List<Long> shape = new ArrayList<>(t.dims());
      Collections.reverse(shape);
      String dtype = t.type().dtype().map(DType::safetensorsName).orElse(t.type().name());
      rows.add(new Row(t.name(), dtype, shape, t.byteSize(), f.dataStart() + t.offset()));
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
