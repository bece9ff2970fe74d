package dev.modelgate.format.hdf5;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;

/**
 * File-level reading shared by every structure: address decoding relative to the base address,
 * range checks against the file size before any allocation, and one work budget for the whole
 * file so no combination of B-trees, heaps and headers can make the reader loop for long.
 */
final class Hdf5Io {
  /** Upper bound on any single structure read into memory (header chunk, heap block, message). */
  static final int MAX_STRUCTURE = 16 << 20;
  /** Node/entry/message visits per file; real models need a few thousand. */
  static final long MAX_STEPS = 2_000_000;

  final ByteSource src;
  final String where;
  int offsetSize = 8;
  int lengthSize = 8;
  long base;
  private long steps;

  Hdf5Io(ByteSource src, String where) {
    this.src = src;
    this.where = where;
  }

  long size() {
    return src.size();
  }

  /** One unit of work; throws once the file has used its budget. */
  void step(String at) throws InvalidInputException {
    if (++steps > MAX_STEPS) {
      throw new InvalidInputException("hdf5.too-complex",
          "the file needs more than " + MAX_STEPS + " structure visits to walk", at);
    }
  }

  /** Reads a file address; returns -1 for the undefined address (all bits set). */
  long address(Cursor c) throws InvalidInputException {
    long at = c.fileOffset();
    long v = c.uint(offsetSize);
    if (offsetSize == 8 ? v == -1L : v == (1L << (8 * offsetSize)) - 1) {
      return -1;
    }
    if (v < 0) {
      throw new InvalidInputException("hdf5.bad-address", "address " + Long.toUnsignedString(v)
          + " is not a valid file offset", where + "@" + at);
    }
    return v;
  }

  /** Reads a length field; lengths past the signed range are rejected. */
  long length(Cursor c) throws InvalidInputException {
    long at = c.fileOffset();
    long v = c.uint(lengthSize);
    if (v < 0) {
      throw new InvalidInputException("hdf5.bad-length", "length " + Long.toUnsignedString(v)
          + " is out of range", where + "@" + at);
    }
    return v;
  }

  /** Absolute file offset of a relative address, checked so that {@code len} bytes fit. */
  long absolute(long addr, long len, String what) throws InvalidInputException {
    long abs = addr + base;
    if (addr < 0 || abs < 0 || len < 0 || abs > size() || len > size() - abs) {
      throw new InvalidInputException("hdf5.out-of-range", what + " at address " + addr + " (+"
          + len + " bytes) lies outside the " + size() + "-byte file", where + "@" + (addr + base));
    }
    return abs;
  }

  /** Reads {@code len} bytes at relative address {@code addr} into a cursor. */
  Cursor read(long addr, long len, String what) throws IOException {
    if (len > MAX_STRUCTURE) {
      throw new InvalidInputException("hdf5.too-large", what + " of " + len
          + " bytes exceeds the " + MAX_STRUCTURE + "-byte limit", where + "@" + (addr + base));
    }
    long abs = absolute(addr, len, what);
    return new Cursor(src.bytes(abs, (int) len), abs, where);
  }

  /** Reads up to {@code len} bytes (fewer at end of file): for structures whose size is implicit. */
  Cursor readUpTo(long addr, int len, String what) throws IOException {
    long abs = absolute(addr, 0, what);
    long n = Math.min(len, size() - abs);
    return new Cursor(src.bytes(abs, (int) n), abs, where);
  }

  /** An error at relative address {@code addr}; locations always show absolute offsets. */
  InvalidInputException invalid(String rule, String msg, long addr) {
    return new InvalidInputException(rule, msg, where + "@" + (addr + base));
  }
}
