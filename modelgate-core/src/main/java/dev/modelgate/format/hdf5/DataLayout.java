package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;

/**
 * Data layout message: where a dataset's bytes are. Compact data sits in the message, contiguous
 * data at one address, chunked data behind an index, and virtual data in other datasets (possibly
 * other files) described in the global heap.
 *
 * @param size compact: bytes in the message; contiguous: bytes stored (-1 when not recorded)
 * @param dimensionality chunked: rank + 1 (the chunk dimensions include the element size)
 * @param indexType chunked version 4: chunk index type (1 single, 2 implicit, 3 fixed array,
 *     4 extensible array, 5 B-tree v2); 0 for the version 1 B-tree of older layouts
 * @param heapIndex virtual: object index in the global heap collection at {@code address}
 */
record DataLayout(int version, int layoutClass, long address, long size, int dimensionality,
    int indexType, long heapIndex) {
  static final int COMPACT = 0;
  static final int CONTIGUOUS = 1;
  static final int CHUNKED = 2;
  static final int VIRTUAL = 3;

  static DataLayout parse(Hdf5Io io, Cursor c) throws InvalidInputException {
    int version = c.u8();
    if (version == 1 || version == 2) {
      int dims = c.u8();
      int cls = c.u8();
      c.skip(5);
      long addr = cls == COMPACT ? -1 : io.address(c);
      c.skip(4L * dims);
      long size = -1;
      if (cls == COMPACT) {
        size = c.u32();
      }
      return checked(c, new DataLayout(version, cls, addr, size, dims, 0, 0));
    }
    if (version != 3 && version != 4) {
      throw new InvalidInputException("hdf5.layout", "data layout version " + version
          + " is not defined", c.here());
    }
    int cls = c.u8();
    switch (cls) {
      case COMPACT -> {
        return new DataLayout(version, cls, -1, c.u16(), 0, 0, 0);
      }
      case CONTIGUOUS -> {
        long addr = io.address(c);
        return new DataLayout(version, cls, addr, io.length(c), 0, 0, 0);
      }
      case CHUNKED -> {
        if (version == 3) {
          int dims = c.u8();
          long addr = io.address(c);
          return checked(c, new DataLayout(version, cls, addr, -1, dims, 0, 0));
        }
        int flags = c.u8();
        int dims = c.u8();
        int width = c.u8();
        if (width < 1 || width > 8) {
          throw c.error("chunk dimension width " + width);
        }
        c.skip((long) dims * width);
        int index = c.u8();
        // Index-specific fields precede the address; only their lengths matter here.
        switch (index) {
          case 1 -> c.skip((flags & 0x02) != 0 ? io.lengthSize + 4L : 0); // filtered size, mask
          case 2 -> { }
          case 3 -> c.skip(1);
          case 4 -> c.skip(5);
          case 5 -> c.skip(6);
          default -> throw c.error("chunk index type " + index + " is not defined");
        }
        long addr = io.address(c);
        return checked(c, new DataLayout(version, cls, addr, -1, dims, index, 0));
      }
      case VIRTUAL -> {
        long addr = io.address(c);
        return new DataLayout(version, cls, addr, -1, 0, 0, c.u32());
      }
      default -> throw new InvalidInputException("hdf5.layout", "layout class " + cls
          + " is not defined", c.here());
    }
  }

  private static DataLayout checked(Cursor c, DataLayout l) throws InvalidInputException {
    if (l.dimensionality > Dataspace.MAX_RANK + 1) {
      throw new InvalidInputException("hdf5.layout", "layout dimensionality "
          + l.dimensionality + " exceeds " + (Dataspace.MAX_RANK + 1), c.here());
    }
    return l;
  }
}
