package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian reader over one structure already read into memory (a message, a header chunk).
 * Every read is checked against the buffer, so a hostile size field becomes an
 * {@code hdf5.truncated} error naming the absolute file offset instead of an exception.
 */
final class Cursor {
  private final byte[] b;
  private final long base;
  private final String where;
  private final int end;
  private int pos;

  /** @param base absolute file offset of {@code b[0]}, for error locations */
  Cursor(byte[] b, long base, String where) {
    this(b, 0, b.length, base, where);
  }

  Cursor(byte[] b, int from, int end, long base, String where) {
    this.b = b;
    this.pos = from;
    this.end = end;
    this.base = base;
    this.where = where;
  }

  int pos() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  long fileOffset() {
    return base + pos;
  }

  String here() {
    return where + "@" + fileOffset();
  }

  void seek(int p) throws InvalidInputException {
    if (p < 0 || p > end) {
      throw error("position " + p + " outside a " + end + "-byte structure");
    }
    pos = p;
  }

  void skip(long n) throws InvalidInputException {
    need(n);
    pos += (int) n;
  }

  int u8() throws InvalidInputException {
    need(1);
    return b[pos++] & 0xff;
  }

  int u16() throws InvalidInputException {
    return (int) uint(2);
  }

  long u32() throws InvalidInputException {
    return uint(4);
  }

  /** Unsigned little-endian integer of 1..8 bytes (8-byte values may come back negative). */
  long uint(int size) throws InvalidInputException {
    need(size);
    long v = 0;
    for (int k = size - 1; k >= 0; k--) {
      v = (v << 8) | (b[pos + k] & 0xff);
    }
    pos += size;
    return v;
  }

  byte[] bytes(long n) throws InvalidInputException {
    need(n);
    byte[] out = new byte[(int) n];
    System.arraycopy(b, pos, out, 0, (int) n);
    pos += (int) n;
    return out;
  }

  /** A sub-cursor over the next {@code n} bytes, consuming them here. */
  Cursor sub(long n) throws InvalidInputException {
    need(n);
    Cursor c = new Cursor(b, pos, pos + (int) n, base, where);
    pos += (int) n;
    return c;
  }

  /** Bytes up to (not including) the first NUL, or to the end; consumes through the NUL. */
  String cString() throws InvalidInputException {
    int start = pos;
    while (pos < end && b[pos] != 0) {
      pos++;
    }
    String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
    if (pos < end) {
      pos++;
    }
    return s;
  }

  void need(long n) throws InvalidInputException {
    if (n < 0 || n > end - pos) {
      throw error("needs " + n + " bytes but the structure has " + (end - pos) + " left");
    }
  }

  InvalidInputException error(String msg) {
    return new InvalidInputException("hdf5.truncated", msg, here());
  }
}
