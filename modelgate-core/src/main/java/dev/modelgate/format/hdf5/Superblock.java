package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The superblock: where HDF5 data starts (after an optional user block, so the signature may sit
 * at 0, 512, 1024, ...), the widths of addresses and lengths, and the root group's object header.
 *
 * @param offset absolute position of the signature
 * @param rootHeader root group object header address, relative to the base address
 */
record Superblock(long offset, int version, long rootHeader) {
  static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** Finds the signature and reads the superblock, setting address widths and base on {@code io}. */
  static Superblock read(Hdf5Io io) throws IOException {
    long at = find(io);
    if (at < 0) {
      throw new InvalidInputException("hdf5.signature", "no HDF5 signature at 0, 512, 1024, ...",
          io.where);
    }
    Cursor c = io.readUpTo(at, 256, "superblock");
    c.skip(8);
    int version = c.u8();
    if (version > 3) {
      throw c.error("unsupported superblock version " + version);
    }
    if (version <= 1) {
      c.skip(4); // free-space, root symbol table, reserved, shared header versions
      setSizes(io, c);
      c.skip(1 + 2 + 2 + 4); // reserved, leaf K, internal K, consistency flags
      if (version == 1) {
        c.skip(4); // indexed storage K, reserved
      }
      io.base = checkedBase(io, c);
      io.address(c); // free-space info
      io.address(c); // end of file
      io.address(c); // driver info
      io.address(c); // root symbol table entry: link name offset
      long root = io.address(c);
      return new Superblock(at, version, root);
    }
    setSizes(io, c);
    c.skip(1); // consistency flags
    io.base = checkedBase(io, c);
    io.address(c); // superblock extension
    io.address(c); // end of file
    long root = io.address(c);
    return new Superblock(at, version, root);
  }

  private static long find(Hdf5Io io) throws IOException {
    for (long at = 0; at <= io.size() - 8; at = at == 0 ? 512 : at * 2) {
      if (Arrays.equals(io.src.bytes(at, 8), SIGNATURE)) {
        return at;
      }
      if (at > (1L << 60)) {
        break;
      }
    }
    return -1;
  }

  private static void setSizes(Hdf5Io io, Cursor c) throws InvalidInputException {
    int offsets = c.u8();
    int lengths = c.u8();
    if (!validWidth(offsets) || !validWidth(lengths)) {
      throw new InvalidInputException("hdf5.superblock", "size of offsets " + offsets
          + " / lengths " + lengths + " must be 2, 4 or 8", c.here());
    }
    io.offsetSize = offsets;
    io.lengthSize = lengths;
  }

  private static boolean validWidth(int w) {
    return w == 2 || w == 4 || w == 8;
  }

  private static long checkedBase(Hdf5Io io, Cursor c) throws InvalidInputException {
    long base = io.address(c);
    if (base < 0 || base > io.size()) {
      throw new InvalidInputException("hdf5.superblock", "base address " + base
          + " lies outside the file", c.here());
    }
    return base;
  }
}
