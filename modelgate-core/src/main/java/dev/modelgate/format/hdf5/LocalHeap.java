package dev.modelgate.format.hdf5;

import java.io.IOException;

/** Local heap ("HEAP"): the data segment holding link names and external file names. */
record LocalHeap(long dataAddress, long dataSize) {
  static final int MAX_NAME = 64 * 1024;

  static LocalHeap read(Hdf5Io io, long addr) throws IOException {
    Cursor c = io.read(addr, 8 + 2L * io.lengthSize + io.offsetSize, "local heap");
    if (c.u32() != 0x50414548L) { // "HEAP"
      throw c.error("local heap without HEAP signature");
    }
    c.skip(4);
    long size = io.length(c);
    io.length(c); // free list head
    long data = io.address(c);
    io.absolute(data, size, "local heap data segment");
    return new LocalHeap(data, size);
  }

  /** NUL-terminated string at {@code offset} in the data segment. */
  String string(Hdf5Io io, long offset) throws IOException {
    if (offset < 0 || offset >= dataSize) {
      throw io.invalid("hdf5.out-of-range", "name offset " + offset + " outside a " + dataSize
          + "-byte local heap", dataAddress);
    }
    long n = Math.min(MAX_NAME, dataSize - offset);
    return io.read(dataAddress + offset, n, "local heap string").cString();
  }
}
