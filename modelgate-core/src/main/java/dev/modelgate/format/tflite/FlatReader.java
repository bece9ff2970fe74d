package dev.modelgate.format.tflite;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Bounds-checked reader of FlatBuffers tables, vtables, vectors and strings over a
 * {@link ByteSource}. FlatBuffers are read in place by offsets the file supplies; the TFLite
 * runtime trusts them after a verifier that is optional, so every offset here is checked
 * against the file before it is followed.
 */
public final class FlatReader {
  private static final int WINDOW = 64 * 1024;

  /** A table: its position, its vtable's position and sizes. */
  public record Table(long pos, long vtable, int vtableSize, int tableSize, String path) {}

  /** A vector: position of its first element and its length. */
  public record Vec(long start, long length) {}

  private final ByteSource src;
  private final String file;
  private final String rule;
  private final long size;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
  private long windowStart = -1;
  private int windowLen;

  FlatReader(ByteSource src, String file) {
    this(src, file, "tflite.malformed");
  }

  /** A reader for another FlatBuffer format; {@code rule} names its malformed-structure errors. */
  public FlatReader(ByteSource src, String file, String rule) {
    this.src = src;
    this.file = file;
    this.rule = rule;
    this.size = src.size();
  }

  public long size() {
    return size;
  }

  public InvalidInputException error(String path, long pos, String what) {
    return new InvalidInputException(rule, (path.isEmpty() ? "" : path + ": ")
        + what, file + "@" + pos);
  }

  /** The table an offset at {@code pos} points to (uoffset relative to {@code pos}). */
  public Table tableAt(long pos, String path) throws IOException {
    long target = pos + u32(pos, path);
    if (target + 4 > size) {
      throw error(path, pos, "table offset " + target + " is outside the " + size + "-byte file");
    }
    return table(target, path);
  }

  public Table table(long t, String path) throws IOException {
    if (t < 0 || t + 4 > size) {
      throw error(path, t, "table offset " + t + " is outside the " + size + "-byte file");
    }
    long vt = t - i32(t, path);
    if (vt < 0 || vt + 4 > size) {
      throw error(path, t, "vtable offset " + vt + " is outside the file");
    }
    int vtSize = u16(vt, path);
    int tSize = u16(vt + 2, path);
    if (vtSize < 4 || (vtSize & 1) != 0 || vt + vtSize > size) {
      throw error(path, vt, "vtable size " + vtSize + " is invalid");
    }
    if (tSize < 4 || t + tSize > size) {
      throw error(path, vt, "table size " + tSize + " runs past the file");
    }
    return new Table(t, vt, vtSize, tSize, path);
  }

  /** Absolute position of field {@code i} of {@code t}, or -1 when absent. */
  public long field(Table t, int i, int width) throws IOException {
    int entry = 4 + 2 * i;
    if (entry + 2 > t.vtableSize()) {
      return -1;
    }
    int off = u16(t.vtable() + entry, t.path());
    if (off == 0) {
      return -1;
    }
    if (off + width > t.tableSize()) {
      throw error(t.path(), t.vtable() + entry, "field " + i + " at " + off
          + " lies outside its table of " + t.tableSize() + " bytes");
    }
    return t.pos() + off;
  }

  public long u32Field(Table t, int i, long absent) throws IOException {
    long p = field(t, i, 4);
    return p < 0 ? absent : u32(p, t.path());
  }

  public int i32Field(Table t, int i, int absent) throws IOException {
    long p = field(t, i, 4);
    return p < 0 ? absent : i32(p, t.path());
  }

  public int i8Field(Table t, int i, int absent) throws IOException {
    long p = field(t, i, 1);
    return p < 0 ? absent : (byte) u8(p, t.path());
  }

  /** Unsigned byte field {@code i} of {@code t} (enums, union types), 0 when absent. */
  public int u8Field(Table t, int i) throws IOException {
    long p = field(t, i, 1);
    return p < 0 ? 0 : u8(p, t.path());
  }

  public long u64Field(Table t, int i, long absent) throws IOException {
    long p = field(t, i, 8);
    return p < 0 ? absent : u64(p, t.path());
  }

  /** The vector field {@code i} with elements of {@code elem} bytes, or null when absent. */
  public @Nullable Vec vector(Table t, int i, int elem) throws IOException {
    long p = field(t, i, 4);
    if (p < 0) {
      return null;
    }
    long v = p + u32(p, t.path());
    if (v + 4 > size) {
      throw error(t.path(), p, "vector offset " + v + " is outside the file");
    }
    long n = u32(v, t.path());
    if (n * elem > size - v - 4) {
      throw error(t.path(), v, "vector of " + n + " elements runs past the end of the file");
    }
    return new Vec(v + 4, n);
  }

  /** String field {@code i} (at most {@code max} bytes kept), or null when absent. */
  public @Nullable String string(Table t, int i, int max) throws IOException {
    Vec v = vector(t, i, 1);
    if (v == null) {
      return null;
    }
    int n = (int) Math.min(v.length(), max);
    return new String(src.bytes(v.start(), n), StandardCharsets.UTF_8);
  }

  /** The bytes of ubyte-vector field {@code i} (at most {@code max}), or null when absent. */
  public byte @Nullable [] bytes(Table t, int i, int max) throws IOException {
    Vec v = vector(t, i, 1);
    if (v == null) {
      return null;
    }
    return src.bytes(v.start(), (int) Math.min(v.length(), max));
  }

  public int u8(long pos, String path) throws IOException {
    load(pos, 1, path);
    return window.get((int) (pos - windowStart)) & 0xff;
  }

  public int u16(long pos, String path) throws IOException {
    load(pos, 2, path);
    return window.getShort((int) (pos - windowStart)) & 0xffff;
  }

  public int i32(long pos, String path) throws IOException {
    load(pos, 4, path);
    return window.getInt((int) (pos - windowStart));
  }

  public long u32(long pos, String path) throws IOException {
    return i32(pos, path) & 0xffffffffL;
  }

  public long u64(long pos, String path) throws IOException {
    load(pos, 8, path);
    return window.getLong((int) (pos - windowStart));
  }

  private void load(long pos, int n, String path) throws IOException {
    if (pos < 0 || pos + n > size) {
      throw error(path, pos, "read of " + n + " bytes at " + pos + " is outside the file");
    }
    if (windowStart >= 0 && pos >= windowStart && pos + n <= windowStart + windowLen) {
      return;
    }
    int len = (int) Math.min(WINDOW, size - pos);
    window.clear().limit(len);
    src.readFully(pos, window);
    windowStart = pos;
    windowLen = len;
  }
}
