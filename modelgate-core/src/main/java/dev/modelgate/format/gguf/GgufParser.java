package dev.modelgate.format.gguf;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a GGUF header (spec: ggml docs/gguf.md) checking every count, length and offset against
 * the bytes that remain before using it, so a hostile header cannot make it allocate or loop.
 */
final class GgufParser {
  static final long DEFAULT_ALIGNMENT = 32;
  /** ggml's GGML_MAX_DIMS. */
  static final int MAX_DIMS = 4;
  /** ggml's GGML_MAX_NAME: names must be shorter, including the terminating NUL. */
  static final int MAX_TENSOR_NAME = 64;
  /** Arrays of arrays: the spec allows them, no real model nests deeper than this. */
  static final int MAX_ARRAY_DEPTH = 4;
  static final long MAX_KEY = 1 << 16;
  /** Strings kept in memory; longer ones are skipped (only their length is recorded). */
  static final long KEEP_STRING = 1 << 20;
  static final long KEEP_TEMPLATE = 16 << 20;
  /** Smallest encodings: key length + type + 1-byte value; name length + n_dims + type + offset. */
  private static final long MIN_KV = 8 + 4 + 1;
  private static final long MIN_TENSOR_INFO = 8 + 4 + 4 + 8;

  /** Heap a kept value, key or tensor info costs beside its characters (see {@link Budget}). */
  private static final long ENTRY_COST = 96;

  private final SourceReader in;
  private final Budget budget;

  GgufParser(ByteSource src, Budget budget) throws IOException {
    this.in = new SourceReader(src, 0, "gguf", "", bigEndian(src)
        ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    this.budget = budget;
  }

  /** Charges what is about to be kept: every key, string and tensor name of the header. */
  private void charge(long chars, long at) throws InvalidInputException {
    budget.memory(ENTRY_COST + 2 * chars, "GGUF metadata", in.at(at));
  }

  /**
   * gguf-py writes big-endian files (for s390x) with every number swapped, the version too;
   * llama.cpp on a big-endian host loads them, so they are read in their own byte order.
   */
  private static boolean bigEndian(ByteSource src) throws IOException {
    if (src.size() < 8) {
      return false;
    }
    byte[] v = src.bytes(4, 4);
    return v[0] == 0 && v[1] == 0 && v[2] == 0 && (v[3] == 2 || v[3] == 3);
  }

  GgufFile parse() throws IOException {
    if (in.remaining() < 4 || !new String(in.bytes(4), StandardCharsets.ISO_8859_1).equals("GGUF")) {
      throw bad("gguf.magic", "does not start with the GGUF magic", 0);
    }
    long vpos = in.position();
    long version = in.u32();
    if (version != 2 && version != 3) {
      String why = version == 1 ? " (GGUF v1 used 32-bit counts and is no longer loaded)" : "";
      throw bad("gguf.version", "version " + version + " is not 2 or 3" + why, vpos);
    }
    long tpos = in.position();
    long tensorCount = in.u64();
    long kpos = in.position();
    long kvCount = in.u64();
    long rest = in.remaining();
    if (tensorCount < 0 || tensorCount > rest / MIN_TENSOR_INFO) {
      throw bad("gguf.tensor-count", "tensor count " + Long.toUnsignedString(tensorCount)
          + " cannot fit in the " + rest + " bytes that follow", tpos);
    }
    if (kvCount < 0 || kvCount > rest / MIN_KV
        || kvCount * MIN_KV > rest - tensorCount * MIN_TENSOR_INFO) {
      throw bad("gguf.kv-count", "metadata count " + Long.toUnsignedString(kvCount)
          + " cannot fit in the " + rest + " bytes that follow", kpos);
    }
    List<GgufKv> kvs = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    long alignment = DEFAULT_ALIGNMENT;
    for (long k = 0; k < kvCount; k++) {
      long at = in.position();
      String key = string("gguf.key-length", MAX_KEY);
      if (!keys.add(key)) {
        throw bad("gguf.duplicate-key", "metadata key '" + clip(key) + "' appears twice", at);
      }
      GgufKv kv = keyValue(key, at);
      if (key.equals("general.alignment")) {
        alignment = alignment(kv);
      }
      kvs.add(kv);
    }
    List<GgufTensorInfo> tensors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (long t = 0; t < tensorCount; t++) {
      GgufTensorInfo ti = tensorInfo(alignment);
      if (!names.add(ti.name())) {
        throw bad("gguf.duplicate-tensor", "tensor '" + clip(ti.name()) + "' appears twice",
            ti.infoOffset());
      }
      tensors.add(ti);
    }
    long headerEnd = in.position();
    long dataStart = alignUp(headerEnd, alignment);
    checkLayout(tensors, dataStart);
    return new GgufFile((int) version, alignment, kvs, tensors, dataStart);
  }

  private GgufKv keyValue(String key, long at) throws IOException {
    long tp = in.position();
    GgufValueType type = type(in.u32(), tp);
    long vp = in.position();
    boolean template = key.contains("chat_template");
    return new GgufKv(key, value(type, template, 0), at, vp);
  }

  private GgufValue value(GgufValueType type, boolean template, int depth) throws IOException {
    switch (type) {
      case STRING: {
        long at = in.position();
        long len = length("gguf.string-length", "string");
        if (len > (template ? KEEP_TEMPLATE : KEEP_STRING) || (depth > 0 && !template)) {
          in.skip(len); // array elements are kept only for templates: vocabularies are data
          return new GgufValue.LongStr(len);
        }
        charge(len, at);
        return new GgufValue.Str(in.utf8(len));
      }
      case ARRAY: {
        if (depth >= MAX_ARRAY_DEPTH) {
          throw bad("gguf.array-depth", "arrays nested deeper than " + MAX_ARRAY_DEPTH,
              in.position());
        }
        long tp = in.position();
        GgufValueType et = type(in.u32(), tp);
        long cp = in.position();
        long count = in.u64();
        if (count < 0 || count > in.remaining() / et.minSize()) {
          throw bad("gguf.array-length", "array of " + Long.toUnsignedString(count) + " " + et
              + " values cannot fit in the " + in.remaining() + " bytes that remain", cp);
        }
        if (et.size() > 0) {
          in.skip(count * et.size()); // fixed-size elements: checked above, never read
          return new GgufValue.Array(et, count, List.of());
        }
        List<String> kept = new ArrayList<>();
        for (long k = 0; k < count; k++) {
          GgufValue v = value(et, template, depth + 1);
          if (template && v instanceof GgufValue.Str s) {
            kept.add(s.value());
          }
        }
        return new GgufValue.Array(et, count, kept);
      }
      case UINT8: return new GgufValue.Scalar(type, (long) in.u8());
      case INT8: return new GgufValue.Scalar(type, (long) (byte) in.u8());
      case UINT16: return new GgufValue.Scalar(type, (long) in.u16());
      case INT16: return new GgufValue.Scalar(type, (long) (short) in.u16());
      case UINT32: return new GgufValue.Scalar(type, in.u32());
      case INT32: return new GgufValue.Scalar(type, (long) in.i32());
      case UINT64, INT64: return new GgufValue.Scalar(type, in.u64());
      case FLOAT32: return new GgufValue.Scalar(type, (double) in.f32());
      case FLOAT64: return new GgufValue.Scalar(type, in.f64());
      case BOOL: {
        long at = in.position();
        int b = in.u8();
        if (b > 1) {
          throw bad("gguf.value-type", "boolean value " + b + " is neither 0 nor 1", at);
        }
        return new GgufValue.Scalar(type, b == 1);
      }
      default: throw new IllegalStateException(type.toString());
    }
  }

  private GgufTensorInfo tensorInfo(long alignment) throws IOException {
    long at = in.position();
    String name = string("gguf.string-length", KEEP_STRING);
    if (name.getBytes(StandardCharsets.UTF_8).length >= MAX_TENSOR_NAME) {
      throw bad("gguf.tensor-name", "tensor name '" + clip(name) + "' is longer than ggml's "
          + (MAX_TENSOR_NAME - 1) + "-byte limit", at);
    }
    long dp = in.position();
    long nDims = in.u32();
    if (nDims > MAX_DIMS) {
      throw bad("gguf.tensor-dims", "tensor '" + clip(name) + "' has " + nDims
          + " dimensions; ggml allows at most " + MAX_DIMS, dp);
    }
    List<Long> dims = new ArrayList<>();
    long numel = 1;
    for (int d = 0; d < nDims; d++) {
      long ne = in.u64();
      // Zero is refused too, although gguf-py reads it: llama.cpp's element-count overflow check
      // divides INT64_MAX by the dimensions, so a zero there is a division-by-zero crash.
      if (ne <= 0) {
        throw bad("gguf.tensor-dims", "tensor '" + clip(name) + "' dimension " + d + " is "
            + Long.toUnsignedString(ne) + "; dimensions must be positive 64-bit integers", dp);
      }
      dims.add(ne);
      try {
        numel = Math.multiplyExact(numel, ne);
      } catch (ArithmeticException e) {
        throw bad("gguf.tensor-dims", "tensor '" + clip(name) + "' dimensions " + dims
            + "... give an element count that overflows 64 bits", dp);
      }
    }
    long typ = in.position();
    long typeId = in.u32();
    GgmlType type = GgmlType.of(typeId).orElseThrow(() -> bad("gguf.tensor-type", "tensor '"
        + clip(name) + "' has unknown or removed ggml type " + typeId, typ));
    long rowLen = dims.isEmpty() ? 1 : dims.get(0);
    if (rowLen % type.blockSize() != 0) {
      throw bad("gguf.tensor-dims", "tensor '" + clip(name) + "' rows of " + rowLen + " "
          + type + " elements are not a multiple of its block size " + type.blockSize(), dp);
    }
    long byteSize;
    try {
      byteSize = Math.multiplyExact(numel / type.blockSize(), (long) type.typeSize());
    } catch (ArithmeticException e) {
      throw bad("gguf.tensor-dims", "tensor '" + clip(name) + "' byte size overflows 64 bits",
          dp);
    }
    long op = in.position();
    long offset = in.u64();
    if (offset < 0 || offset % alignment != 0) {
      throw bad("gguf.tensor-offset", "tensor '" + clip(name) + "' offset "
          + Long.toUnsignedString(offset) + " is not a multiple of the alignment " + alignment,
          op);
    }
    return new GgufTensorInfo(name, dims, type, offset, byteSize, at);
  }

  /**
   * Every tensor's bytes lie inside the file and no two tensors share bytes (a loader would
   * otherwise read one tensor's data as another's, or past the end of its mapping).
   */
  private void checkLayout(List<GgufTensorInfo> tensors, long dataStart) throws IOException {
    long size = in.source().size();
    if (tensors.isEmpty()) {
      return;
    }
    if (dataStart > size) {
      throw bad("gguf.data-start", "the data section would start at " + dataStart
          + ", past the end of the " + size + "-byte file", in.position());
    }
    long dataLen = size - dataStart;
    for (GgufTensorInfo t : tensors) {
      if (t.offset() > dataLen || t.byteSize() > dataLen - t.offset()) {
        throw bad("gguf.tensor-offset", "tensor '" + clip(t.name()) + "' data [" + t.offset()
            + ", " + (t.offset() + t.byteSize()) + ") lies outside the " + dataLen
            + "-byte data section", t.infoOffset());
      }
    }
    List<GgufTensorInfo> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparingLong(GgufTensorInfo::offset));
    for (int k = 1; k < sorted.size(); k++) {
      GgufTensorInfo a = sorted.get(k - 1);
      GgufTensorInfo b = sorted.get(k);
      if (b.offset() < a.offset() + a.byteSize()) {
        throw bad("gguf.tensor-overlap", "tensor '" + clip(b.name()) + "' at " + b.offset()
            + " overlaps tensor '" + clip(a.name()) + "' [" + a.offset() + ", "
            + (a.offset() + a.byteSize()) + ")", b.infoOffset());
      }
    }
  }

  private long alignment(GgufKv kv) throws InvalidInputException {
    if (!(kv.value() instanceof GgufValue.Scalar s) || s.type() != GgufValueType.UINT32) {
      throw bad("gguf.alignment", "general.alignment is not a UINT32", kv.valueOffset());
    }
    long a = (Long) s.value();
    if (a == 0 || (a & (a - 1)) != 0) {
      throw bad("gguf.alignment", "general.alignment " + a + " is not a power of two",
          kv.valueOffset());
    }
    return a;
  }

  private GgufValueType type(long id, long at) throws InvalidInputException {
    return GgufValueType.of(id).orElseThrow(() ->
        bad("gguf.value-type", "unknown metadata value type " + id, at));
  }

  /** Reads a u64 length and checks it against what remains, leaving the position after it. */
  private long length(String rule, String what) throws IOException {
    long at = in.position();
    long len = in.u64();
    if (len < 0 || len > in.remaining()) {
      throw bad(rule, what + " length " + Long.toUnsignedString(len) + " exceeds the "
          + in.remaining() + " bytes that remain", at);
    }
    return len;
  }

  private String string(String rule, long max) throws IOException {
    long at = in.position();
    long len = length(rule, "string");
    if (len > max) {
      throw bad(rule, "string length " + len + " exceeds the limit of " + max, at);
    }
    charge(len, at);
    return in.utf8(len);
  }

  private static long alignUp(long pos, long alignment) {
    long r = pos % alignment;
    return r == 0 ? pos : pos + (alignment - r);
  }

  private InvalidInputException bad(String rule, String message, long at) {
    return new InvalidInputException(rule, message, in.at(at));
  }

  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
