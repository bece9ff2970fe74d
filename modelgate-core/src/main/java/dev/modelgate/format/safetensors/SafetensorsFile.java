package dev.modelgate.format.safetensors;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.Limits;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.spi.Description;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated safetensors header: the 8-byte little-endian header length, the JSON header and the
 * layout of the data section. Only the header is read, never tensor data. Validation follows the
 * reference implementation's {@code validate} (contiguous buffers covering the data section
 * exactly) and is stricter where parsers disagree (duplicate JSON keys).
 *
 * @param headerLength length of the JSON header in bytes
 * @param dataStart absolute offset of the data section ({@code 8 + headerLength})
 * @param tensors tensors in header order
 * @param metadata the {@code __metadata__} strings (empty when absent)
 */
public record SafetensorsFile(long headerLength, long dataStart, List<TensorEntry> tensors,
    Map<String, String> metadata) implements Description {

  /** The reference implementation refuses headers over 100 MB. */
  public static final long MAX_HEADER = 100_000_000L;
  /** Far above real checkpoints (an unsharded 671B MoE has ~100k); bounds parsing memory. */
  static final int MAX_TENSORS = 200_000;

  public SafetensorsFile {
    tensors = List.copyOf(tensors);
    metadata = Map.copyOf(metadata);
  }

  /**
   * Reads and validates the header.
   *
   * @throws InvalidInputException naming the violated rule ({@code safetensors.header-length},
   *     {@code safetensors.json}, {@code safetensors.dtype}, {@code safetensors.offsets} ...)
   */
  public static SafetensorsFile read(ByteSource src) throws IOException {
    return read(src, new Budget(Limits.DEFAULT));
  }

  /** As {@link #read(ByteSource)}, charging the parsed header to {@code budget}. */
  public static SafetensorsFile read(ByteSource src, Budget budget) throws IOException {
    long size = src.size();
    if (size < 8) {
      throw new InvalidInputException("safetensors.header-length",
          "file of " + size + " bytes is shorter than the 8-byte header length", "@0");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    src.readFully(0, lenBuf);
    long n = lenBuf.getLong(0);
    if (n < 0 || n > MAX_HEADER) {
      throw new InvalidInputException("safetensors.header-length", "header length "
          + Long.toUnsignedString(n) + " exceeds the 100 MB limit of the format", "@0");
    }
    if (n > size - 8) {
      throw new InvalidInputException("safetensors.header-length", "header length " + n
          + " runs past the end of the " + size + "-byte file", "@0");
    }
    byte[] header = src.bytes(8, (int) n);
    long objects = objects(header);
    if (objects > MAX_TENSORS + 2) {
      // parsed JSON takes ~30x the header's bytes: count first, so a header of a million tiny
      // tensors is reported instead of exhausting the heap
      throw new InvalidInputException("safetensors.tensor-count", "header describes about "
          + (objects - 1) + " tensors, limit " + MAX_TENSORS, "@8");
    }
    Object root;
    try {
      root = Json.parse(header, budget, "@8");
    } catch (JsonException e) {
      throw new InvalidInputException("safetensors.json", "header is not strict JSON: "
          + e.getMessage(), "@8");
    } catch (NumberFormatException e) {
      // Json surfaces BigDecimal's refusal of absurd exponents (1e999999999999) this way
      throw new InvalidInputException("safetensors.json", "header holds a number that cannot"
          + " be represented: " + e.getMessage(), "@8");
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new InvalidInputException("safetensors.json", "header is not a JSON object", "@8");
    }
    long dataLen = size - 8 - n;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<TensorEntry> tensors = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        metadata = metadata(e.getValue());
      } else {
        tensors.add(HeaderEntry.parse(name, e.getValue(), dataLen));
      }
    }
    checkLayout(tensors, dataLen);
    return new SafetensorsFile(n, 8 + n, tensors, metadata);
  }

  /** JSON objects in the header (braces outside strings): one per tensor, root, metadata. */
  static long objects(byte[] json) {
    long count = 0;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{') {
        count++;
      }
    }
    return count;
  }

  private static Map<String, String> metadata(Object v) throws InvalidInputException {
    if (!(v instanceof Map<?, ?> m)) {
      throw new InvalidInputException("safetensors.metadata",
          "__metadata__ must be an object of strings", "@8");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new InvalidInputException("safetensors.metadata", "__metadata__ value for '"
            + e.getKey() + "' is not a string (loaders reject the file)", "@8");
      }
      out.put((String) e.getKey(), s);
    }
    return out;
  }

  /**
   * Sorted by offset, buffers must start at 0, follow each other without gap or overlap, and end
   * exactly at the end of the file: bytes no tensor claims could carry content nobody scans.
   */
  private static void checkLayout(List<TensorEntry> tensors, long dataLen)
      throws InvalidInputException {
    List<TensorEntry> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
    long expected = 0;
    TensorEntry prev = null;
    for (TensorEntry t : sorted) {
      if (t.begin() < expected) {
        // expected > 0 only after a tensor: HeaderEntry refuses negative offsets.
        TensorEntry p = Objects.requireNonNull(prev, "an overlap follows a tensor");
        throw new InvalidInputException("safetensors.overlap", "tensor '" + t.name()
            + "' bytes [" + t.begin() + ", " + t.end() + ") overlap tensor '" + p.name()
            + "' [" + p.begin() + ", " + p.end() + ")", "@8");
      }
      if (t.begin() > expected) {
        throw new InvalidInputException("safetensors.gap", "data bytes [" + expected + ", "
            + t.begin() + ") before tensor '" + t.name() + "' belong to no tensor", "@8");
      }
      expected = t.end();
      prev = t;
    }
    if (expected != dataLen) {
      throw new InvalidInputException("safetensors.gap", "tensors cover " + expected
          + " bytes of a " + dataLen + "-byte data section; the rest belongs to no tensor",
          "@8");
    }
  }
}
