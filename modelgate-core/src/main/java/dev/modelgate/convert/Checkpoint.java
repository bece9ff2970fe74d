package dev.modelgate.convert;

import dev.modelgate.io.FileSource;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.Scanner;
import dev.modelgate.tensor.SafetensorsWriter;
import dev.modelgate.tensor.Tensor;
import dev.modelgate.tensor.TensorBytes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * A checkpoint opened for reading its tensors without executing anything: a PyTorch checkpoint
 * (zip, legacy or legacy TAR) or a numpy {@code .npy}/{@code .npz} file. {@link #open} scans the
 * file first and refuses anything whose verdict is not clean. See the package documentation for
 * an example.
 */
public final class Checkpoint implements Closeable {
  /** {@link #read} returns one buffer; larger tensors must be written to a file. */
  public static final long MAX_READ = Integer.MAX_VALUE - 8;

  private final Path path;
  private final FileSource src;
  private final TensorSet set;

  private Checkpoint(Path path, FileSource src, TensorSet set) {
    this.path = path;
    this.src = src;
    this.set = set;
  }

  /** Opens {@code file} after scanning it with the default policy. */
  public static Checkpoint open(Path file) throws IOException {
    return open(file, Policy.defaults());
  }

  /**
   * Opens {@code file} after scanning it with {@code policy}.
   *
   * @throws RefusedException when the scan verdict is not clean (the exception names the findings)
   */
  public static Checkpoint open(Path file, Policy policy) throws IOException {
    ScanReport report = scan(file, policy);
    if (!report.allClean()) {
      throw new RefusedException(file.toString(), report);
    }
    return load(file);
  }

  /** Scans a file or folder the way convert does (no whole-file hashing). */
  static ScanReport scan(Path path, Policy policy) throws IOException {
    ScanOptions options = new ScanOptions(policy, Limits.DEFAULT, 0, false, null);
    return new Scanner(options).scan(List.of(path));
  }

  /** Opens without scanning: only for inputs the caller has just scanned. */
  static Checkpoint load(Path file) throws IOException {
    FileSource src = FileSource.open(file);
    try {
      return new Checkpoint(file, src, Readers.read(src));
    } catch (IOException | RuntimeException e) {
      src.close();
      throw e;
    }
  }

  /** The format id ({@code pytorch-zip}, {@code pytorch-legacy}, {@code numpy-npz} ...). */
  public String format() {
    return set.format();
  }

  /** How many non-tensor values (numbers, strings, hyper-parameters) were left out. */
  public int skipped() {
    return set.skipped();
  }

  /** The tensors in the order the checkpoint names them. */
  public List<TensorInfo> tensors() {
    List<TensorInfo> out = new ArrayList<>();
    for (Tensor t : set.tensors()) {
      List<Long> shape = new ArrayList<>();
      for (long d : t.shape()) {
        shape.add(d);
      }
      out.add(new TensorInfo(t.name(), t.dtype(), shape, t.byteLength()));
    }
    return out;
  }

  List<Tensor> views() {
    return set.tensors();
  }

  /**
   * The tensor's bytes, contiguous and little-endian, in a heap buffer.
   *
   * @throws NoSuchElementException when there is no such tensor
   * @throws IllegalStateException when it is larger than {@link #MAX_READ} bytes
   */
  public ByteBuffer read(String name) throws IOException {
    Tensor t = set.tensors().stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no tensor named " + name));
    if (t.byteLength() > MAX_READ) {
      throw new IllegalStateException(name + " holds " + t.byteLength() + " bytes, more than one"
          + " buffer can; write it to a file with writeSafetensors instead");
    }
    ByteBuffer b = ByteBuffer.allocate((int) t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
    TensorBytes.copy(t, new WritableByteChannel() {
      @Override
      public int write(ByteBuffer src) {
        int n = src.remaining();
        b.put(src);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    });
    return b.flip();
  }

  /** Writes every tensor to a safetensors file (atomically); returns the bytes written. */
  public long writeSafetensors(Path out) throws IOException {
    return writeSafetensors(out, false);
  }

  /**
   * Writes a safetensors file with {@code __metadata__} {@code format: pt} and the source's
   * {@code source_sha256}. With {@code dedupe}, tied weights keep only their first name and the
   * dropped names are recorded in the metadata.
   */
  public long writeSafetensors(Path out, boolean dedupe) throws IOException {
    List<Tensor> tensors = set.tensors();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("source_sha256", SourceDigest.PLACEHOLDER);
    if (dedupe) {
      Aliases.Deduped d = Aliases.dedupe(tensors);
      tensors = d.kept();
      d.dropped().forEach(metadata::putIfAbsent);
    }
    Future<String> sha = SourceDigest.start(path);
    Callable<String> late = () -> SourceDigest.await(sha);
    return SafetensorsWriter.write(tensors, metadata, out, Map.of("source_sha256", late));
  }

  @Override
  public void close() throws IOException {
    try {
      set.close();
    } finally {
      src.close();
    }
  }
}
