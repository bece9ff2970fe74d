package dev.modelgate.tensor;

import dev.modelgate.io.Bytes;
import dev.modelgate.json.JsonWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Writes a safetensors file exactly as the format specifies: an 8-byte little-endian header
 * length, a JSON header padded with spaces to a multiple of 8 bytes, then the tensors' bytes
 * contiguous from offset 0 in header order. Tensors are laid out like the reference writer (larger
 * element sizes first, then by name) so every tensor is aligned to its element size.
 *
 * <p>The file is written under a partial name beside the target ({@link PartialFiles}) and renamed
 * into place only when complete, so a failed or interrupted conversion never leaves a partial
 * output under the target's name; the partial file of a killed run is removed by the next write
 * into the same folder. Errors name the target, not the partial file. The data is not forced to
 * disk (see the README on what a power loss leaves).
 */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /** Header entries in data order, as {@link #write} lays them out. */
  public static List<Tensor> layout(List<Tensor> tensors) {
    List<Tensor> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparingInt((Tensor t) -> -t.dtype().size()).thenComparing(Tensor::name));
    return sorted;
  }

  /** The header bytes (JSON plus padding) for these tensors, without the length prefix. */
  static byte[] header(List<Tensor> ordered, Map<String, String> metadata) {
    Map<String, Object> h = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      h.put("__metadata__", new LinkedHashMap<>(metadata));
    }
    long offset = 0;
    Set<String> names = new HashSet<>();
    for (Tensor t : ordered) {
      if (!names.add(t.name()) || t.name().equals("__metadata__")) {
        throw new IllegalArgumentException("duplicate or reserved tensor name " + t.name());
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("dtype", t.dtype().safetensorsName());
      List<Object> shape = new ArrayList<>();
      for (long d : t.shape()) {
        shape.add(d);
      }
      e.put("shape", shape);
      long end = Math.addExact(offset, t.byteLength());
      e.put("data_offsets", List.of(offset, end));
      h.put(t.name(), e);
      offset = end;
    }
    byte[] json = JsonWriter.write(h, false).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) & ~7;
    byte[] out = new byte[padded];
    System.arraycopy(json, 0, out, 0, json.length);
    for (int k = json.length; k < padded; k++) {
      out[k] = ' ';
    }
    return out;
  }

  /** Writes {@code tensors} to {@code target} atomically; returns the bytes written. */
  public static long write(List<Tensor> tensors, Map<String, String> metadata, Path target)
      throws IOException {
    return write(tensors, metadata, target, Map.of());
  }

  /**
   * Like {@link #write(List, Map, Path)}, with metadata values that are only known once the data
   * is written (a digest of the source computed while the tensors are copied). {@code metadata}
   * holds a placeholder of the final length for each key of {@code late}; after the data is
   * copied each value is computed and written over its placeholder, so the header never moves.
   */
  public static long write(List<Tensor> tensors, Map<String, String> metadata, Path target,
      Map<String, Callable<String>> late) throws IOException {
    return write(tensors, metadata, target, late, null);
  }

  /** Told after each tensor is copied, in file order (for a progress line). */
  @FunctionalInterface
  public interface Listener {
    void wrote(int done, int total, String tensor);
  }

  /** As {@link #write(List, Map, Path, Map)}, telling {@code listener} (if not null). */
  public static long write(List<Tensor> tensors, Map<String, String> metadata, Path target,
      Map<String, Callable<String>> late, @Nullable Listener listener) throws IOException {
    List<Tensor> ordered = layout(tensors);
    for (Tensor t : ordered) {
      TensorBytes.checkBounds(t);
    }
    byte[] header = header(ordered, metadata);
    Path tmp = PartialFiles.create(target);
    Thread cleanup = new Thread(() -> {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort on shutdown
      }
    });
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean done = false;
    try {
      long written;
      // the temp file is new and empty: no TRUNCATE_EXISTING, which on ext4 (auto_da_alloc)
      // makes close() flush every written block to disk, costing more than the copy itself
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(header.length).flip();
        writeFully(out, len);
        writeFully(out, ByteBuffer.wrap(header));
        int copied = 0;
        for (Tensor t : ordered) {
          long before = out.position();
          TensorBytes.copy(t, out);
          if (out.position() - before != t.byteLength()) {
            throw new IOException(t.name() + ": wrote " + (out.position() - before)
                + " bytes, expected " + t.byteLength());
          }
          if (listener != null) {
            listener.wrote(++copied, ordered.size(), t.name());
          }
        }
        written = out.position();
        for (Map.Entry<String, Callable<String>> e : late.entrySet()) {
          patch(out, header, e.getKey(), metadata.get(e.getKey()), e.getValue());
        }
        // no fsync, like cp and the reference save_file: forcing a multi-gigabyte output to disk
        // costs more than the conversion; the rename below still makes the file appear whole
      }
      PartialFiles.commit(tmp, target);
      done = true;
      return written;
    } catch (IOException e) {
      throw PartialFiles.named(target, tmp, e);
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private static void patch(FileChannel out, byte[] header, String key,
      @Nullable String placeholder, Callable<String> value) throws IOException {
    if (placeholder == null) {
      throw new IllegalArgumentException("no placeholder for late metadata " + key);
    }
    String v;
    try {
      v = value.call();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot compute metadata " + key + ": " + e.getMessage(), e);
    }
    byte[] pattern = (JsonWriter.quote(key) + ":" + JsonWriter.quote(placeholder))
        .getBytes(StandardCharsets.UTF_8);
    byte[] replacement = (JsonWriter.quote(key) + ":" + JsonWriter.quote(v))
        .getBytes(StandardCharsets.UTF_8);
    int at = Bytes.indexOf(header, pattern);
    if (at < 0 || replacement.length != pattern.length) {
      throw new IllegalArgumentException("late metadata " + key + " does not fit its placeholder");
    }
    writeFully(out.position(8 + at), ByteBuffer.wrap(replacement));
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
