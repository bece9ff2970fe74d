package dev.modelgate.convert;

import dev.modelgate.DescribedScan;
import dev.modelgate.ScanOptions;
import dev.modelgate.Scanner;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import dev.modelgate.tensor.SafetensorsWriter;
import dev.modelgate.tensor.Tensor;
import dev.modelgate.tensor.TensorBytes;
import dev.modelgate.tensor.TensorInfo;
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
import org.jspecify.annotations.Nullable;

/**
 * A checkpoint opened for reading its tensors without executing anything: a PyTorch checkpoint
 * (zip, legacy or legacy TAR) or a numpy {@code .npy}/{@code .npz} file. {@link #open} scans the
 * source and refuses anything whose verdict is not clean; the tensors are then taken from what
 * that scan's readers described and read from the same open source, so a file replaced after
 * it was opened is never converted unscanned. See the package documentation for an example.
 *
 * <p>What a writer of the open file itself (not a rename over its path) can change afterwards:
 * only tensor bytes, which are data, copied as they are and never judged. Everything judged
 * (pickles, zip directory, storage layout, headers) was parsed once, by the scan, and is not
 * read again.
 */
public final class Checkpoint implements Closeable {
  /** {@link #read} returns one buffer; larger tensors must be written to a file. */
  public static final long MAX_READ = Integer.MAX_VALUE - 8;

  private final ByteSource src;
  private final boolean ownsSource;
  /** Null for a shard of a folder scan, whose owner closes what that scan kept. */
  private final @Nullable DescribedScan scan;
  private final TensorSet set;

  private Checkpoint(ByteSource src, boolean ownsSource, @Nullable DescribedScan scan,
      TensorSet set) {
    this.src = src;
    this.ownsSource = ownsSource;
    this.scan = scan;
    this.set = set;
  }

  /** Opens {@code file} after scanning it with the default policy. */
  public static Checkpoint open(Path file) throws IOException {
    return open(file, Policy.defaults());
  }

  /**
   * Opens {@code file} once, scans it with {@code policy} and reads the tensors from that open
   * file; closing the checkpoint closes it.
   *
   * @throws RefusedException when the scan verdict is not clean (the exception names the findings)
   */
  public static Checkpoint open(Path file, Policy policy) throws IOException {
    FileSource src = FileSource.open(file);
    try {
      return open(src, options(policy), true);
    } catch (IOException | RuntimeException | Error e) {
      src.close();
      throw e;
    }
  }

  /**
   * Scans an already-open source with {@code policy} and reads the tensors from it. The caller
   * keeps the source open while the checkpoint is used and closes it afterwards.
   *
   * @throws RefusedException when the scan verdict is not clean (the exception names the findings)
   */
  public static Checkpoint open(ByteSource src, Policy policy) throws IOException {
    return open(src, options(policy), false);
  }

  /** How convert scans: the caller's policy, no whole-file hashing. */
  static ScanOptions options(Policy policy) {
    return new ScanOptions(policy, Limits.DEFAULT, 0, false, null);
  }

  static Checkpoint open(ByteSource src, ScanOptions options, boolean ownsSource)
      throws IOException {
    DescribedScan scan = new Scanner(options).describe(src);
    try {
      if (!scan.report().allClean()) {
        throw new RefusedException(src.name(), scan.report());
      }
      TensorSet set = Extraction.of(scan.description().orElse(null), src.size());
      return new Checkpoint(src, ownsSource, scan, set);
    } catch (IOException | RuntimeException | Error e) {
      try {
        scan.close();
      } catch (IOException x) {
        e.addSuppressed(x);
      }
      throw e;
    }
  }

  /** A shard of a folder scan: its tensors, read from the source the folder scan kept. */
  static Checkpoint of(ByteSource src, TensorSet set) {
    return new Checkpoint(src, false, null, set);
  }

  /** The format id ({@code pytorch-zip}, {@code pytorch-legacy}, {@code numpy-npz} ...). */
  public String format() {
    return set.format();
  }

  /** How many non-tensor values (numbers, strings, hyper-parameters) were left out. */
  public int skipped() {
    return set.skipped();
  }

  /** The tensors in the order the checkpoint names them, as they will be written. */
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
    return writeSafetensors(out, dedupe, null);
  }

  /** As {@link #writeSafetensors(Path, boolean)}, telling {@code listener} (if not null). */
  public long writeSafetensors(Path out, boolean dedupe,
      SafetensorsWriter.@Nullable Listener listener)
      throws IOException {
    List<Tensor> tensors = set.tensors();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("source_sha256", SourceDigest.PLACEHOLDER);
    if (dedupe) {
      Aliases.Deduped d = Aliases.dedupe(tensors);
      tensors = d.kept();
      d.dropped().forEach(metadata::putIfAbsent);
    }
    Future<String> sha = SourceDigest.start(src);
    Callable<String> late = () -> SourceDigest.await(sha);
    return SafetensorsWriter.write(tensors, metadata, out, Map.of("source_sha256", late),
        listener);
  }

  /** Releases what the scan kept (inflated members); closes the source when it opened it. */
  @Override
  public void close() throws IOException {
    try {
      if (scan != null) {
        scan.close();
      }
    } finally {
      if (ownsSource) {
        src.close();
      }
    }
  }
}
