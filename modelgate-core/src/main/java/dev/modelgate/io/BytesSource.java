package dev.modelgate.io;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Bytes already in memory (a small decompressed member, a test input). */
public final class BytesSource implements ByteSource {
  private final byte[] data;
  private final int length;
  private final String name;

  public BytesSource(byte[] data, String name) {
    this(data, data.length, name);
  }

  /** The first {@code length} bytes of {@code data}. */
  public BytesSource(byte[] data, int length, String name) {
    if (length < 0 || length > data.length) {
      throw new IllegalArgumentException("length " + length + " outside array of " + data.length);
    }
    this.data = data;
    this.length = length;
    this.name = name;
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public int read(long pos, ByteBuffer dst) {
    if (pos < 0) {
      throw new IllegalArgumentException("negative position " + pos);
    }
    if (pos >= length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), length - pos);
    dst.put(data, (int) pos, n);
    return n;
  }

  @Override
  public String name() {
    return name;
  }

  /** Bytes of a heap array that a source reads from. */
  @SuppressWarnings("ArrayRecordComponent") // a view of the array on the read path: no copy
  record View(byte[] array, int offset, int length) {}

  /**
   * Where {@code src}'s bytes lie in a heap array, when it reads from one (these bytes or a
   * window of them), so a digest can take them in place; null otherwise.
   */
  static @Nullable View view(ByteSource src) {
    if (src instanceof BytesSource b) {
      return new View(b.data, 0, b.length);
    }
    if (src instanceof SliceSource s && s.base() instanceof BytesSource b) {
      // a slice is checked against its base when made: offset + length <= b.length
      return new View(b.data, (int) s.offset(), (int) s.size());
    }
    return null;
  }
}
