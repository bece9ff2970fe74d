package dev.modelgate.io;

import java.nio.ByteBuffer;

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
}
