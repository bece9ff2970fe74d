package dev.modelgate.format.hdf5;

import java.io.IOException;

/**
 * Global heap collections ("GCOL") hold variable-length data such as string attributes. Objects
 * are found by walking the collection's object headers without reading the other objects' data.
 */
final class GlobalHeap {
  private GlobalHeap() {}

  /** The bytes of object {@code index} in the collection at {@code addr}, at most {@code max}. */
  static byte[] object(Hdf5Io io, long addr, long index, int max) throws IOException {
    Cursor h = io.read(addr, 8 + io.lengthSize, "global heap collection");
    if (h.u32() != 0x4c4f4347L) { // "GCOL"
      throw h.error("global heap without GCOL signature");
    }
    h.skip(4);
    long size = io.length(h);
    io.absolute(addr, size, "global heap collection");
    long pos = 8L + io.lengthSize;
    int header = 8 + io.lengthSize;
    while (pos + header <= size) {
      io.step(io.where + "@" + (addr + pos));
      Cursor o = io.read(addr + pos, header, "global heap object");
      int id = o.u16();
      o.skip(6);
      long len = io.length(o);
      if (id == 0) {
        break; // free space: the rest of the collection
      }
      if (len > size - pos - header) {
        throw o.error("global heap object of " + len + " bytes overruns its collection");
      }
      if (id == index) {
        if (len > max) {
          throw io.invalid("hdf5.too-large", "global heap object of " + len
              + " bytes exceeds the " + max + "-byte limit", addr + pos);
        }
        return io.read(addr + pos + header, len, "global heap object").bytes(len);
      }
      pos += header + ((len + 7) & ~7L);
    }
    throw io.invalid("hdf5.global-heap", "object " + index + " not found in the global heap",
        addr);
  }
}
