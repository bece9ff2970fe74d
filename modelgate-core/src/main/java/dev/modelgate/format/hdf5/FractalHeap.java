package dev.modelgate.format.hdf5;

import java.io.IOException;

/**
 * Fractal heap ("FRHP"): where dense links and attributes live. Only what is needed to fetch an
 * object by heap ID: tiny objects (inside the ID) and managed objects (found through the doubling
 * table of direct and indirect blocks). Huge objects and filtered heaps are reported unreadable.
 */
final class FractalHeap {
  static final int MAX_LEVELS = 64;

  private final Hdf5Io io;
  private final long addr;
  private final int idLength;
  private final boolean filtered;
  private final int width;
  private final long startBlock;
  private final long maxDirect;
  private final int offsetBytes;
  private final int lengthBytes;
  private final long root;
  private final int rootRows;
  private final int maxDirectRows;

  /** Thrown for heap objects this reader does not decode (huge objects, filtered blocks). */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String msg) {
      super(msg, null, false, false);
    }
  }

  FractalHeap(Hdf5Io io, long addr) throws IOException {
    this.io = io;
    this.addr = addr;
    Cursor c = io.read(addr, 22 + 12L * io.lengthSize + 3L * io.offsetSize, "fractal heap");
    if (c.u32() != 0x50485246L) { // "FRHP"
      throw c.error("fractal heap without FRHP signature");
    }
    c.u8(); // version
    idLength = c.u16();
    filtered = c.u16() != 0;
    c.u8(); // flags
    long maxManaged = c.u32();
    c.skip(io.lengthSize); // next huge object id
    io.address(c); // huge object B-tree
    c.skip(io.lengthSize);
    io.address(c); // free space manager
    c.skip(8L * io.lengthSize); // managed space, allocated, iterator, counts and sizes
    width = c.u16();
    startBlock = io.length(c);
    maxDirect = io.length(c);
    int maxHeapBits = c.u16();
    c.u16(); // starting rows in the root indirect block
    root = io.address(c);
    rootRows = c.u16();
    if (width < 1 || width > 65536 || !powerOfTwo(startBlock) || !powerOfTwo(maxDirect)
        || maxDirect < startBlock || maxHeapBits < 1 || maxHeapBits > 63 || idLength < 1
        || idLength > 1024) {
      throw io.invalid("hdf5.fractal-heap", "fractal heap doubling table parameters are not"
          + " valid", addr);
    }
    offsetBytes = (maxHeapBits + 7) / 8;
    int directOffsetBytes = (log2(maxDirect) + 7) / 8;
    lengthBytes = Math.min(directOffsetBytes, BTreeV2.encodedSize(maxManaged));
    maxDirectRows = log2(maxDirect) - log2(startBlock) + 2;
  }

  int idLength() {
    return idLength;
  }

  /** The object named by a heap ID. */
  byte[] object(Cursor id) throws IOException, Unsupported {
    int flags = id.u8();
    int type = (flags >> 4) & 0x03;
    if (type == 2) { // tiny: the data is in the ID
      int len = (flags & 0x0f) + 1;
      return id.bytes(Math.min(len, id.remaining()));
    }
    if (type != 0) {
      throw new Unsupported("huge fractal heap object");
    }
    if (filtered) {
      throw new Unsupported("filtered fractal heap");
    }
    long offset = id.uint(offsetBytes);
    long length = id.uint(lengthBytes);
    return managed(offset, length);
  }

  private byte[] managed(long offset, long length) throws IOException {
    if (root < 0) {
      throw io.invalid("hdf5.fractal-heap", "object in an empty fractal heap", addr);
    }
    long block = root;
    long blockOffset = 0;
    int rows = rootRows;
    long blockSize = startBlock;
    for (int level = 0; level < MAX_LEVELS; level++) {
      io.step(io.where + "@" + block);
      if (rows == 0) { // a direct block
        long rel = offset - blockOffset;
        if (rel < 0 || length < 0 || rel > blockSize || length > blockSize - rel) {
          throw io.invalid("hdf5.fractal-heap", "heap object " + offset + "+" + length
              + " lies outside its direct block", block);
        }
        checkDirect(block);
        // Managed offsets count from the start of the block, header included.
        return io.read(block + rel, length, "fractal heap object").bytes(length);
      }
      // Indirect block: find the row and column holding the offset.
      long rel = offset - blockOffset;
      long rowStart = 0;
      int row = 0;
      long rowBlock = startBlock;
      while (row < rows) {
        long rowSize = rowBlock * width;
        if (rel < rowStart + rowSize) {
          break;
        }
        rowStart += rowSize;
        row++;
        if (row > 1) {
          rowBlock *= 2;
        }
      }
      if (row >= rows) {
        throw io.invalid("hdf5.fractal-heap", "heap offset " + offset + " beyond the heap",
            block);
      }
      int col = (int) ((rel - rowStart) / rowBlock);
      long header = 5L + io.offsetSize + offsetBytes;
      int directRows = Math.min(rows, maxDirectRows);
      long entry = row < directRows ? (long) row * width + col
          : (long) directRows * width + (long) (row - directRows) * width + col;
      long entrySize = io.offsetSize + (filtered ? io.lengthSize + 4L : 0);
      long pos = header + (row < directRows ? entry * entrySize
          : (long) directRows * width * entrySize + (entry - (long) directRows * width)
              * io.offsetSize);
      Cursor c = io.read(block, pos + io.offsetSize, "fractal heap indirect block");
      if (c.u32() != 0x42494846L) { // "FHIB"
        throw c.error("indirect block without FHIB signature");
      }
      c.seek((int) pos);
      long child = io.address(c);
      if (child < 0) {
        throw io.invalid("hdf5.fractal-heap", "heap offset " + offset + " is in no block", block);
      }
      blockOffset += rowStart + col * rowBlock;
      block = child;
      blockSize = rowBlock;
      rows = row < maxDirectRows ? 0 : log2(rowBlock) - log2(startBlock * width) + 1;
    }
    throw io.invalid("hdf5.fractal-heap", "fractal heap nested deeper than " + MAX_LEVELS, addr);
  }

  private void checkDirect(long block) throws IOException {
    Cursor c = io.read(block, 4, "fractal heap direct block");
    if (c.u32() != 0x42444846L) { // "FHDB"
      throw c.error("direct block without FHDB signature");
    }
  }

  private static boolean powerOfTwo(long v) {
    return v > 0 && (v & (v - 1)) == 0;
  }

  private static int log2(long v) {
    return 63 - Long.numberOfLeadingZeros(v);
  }
}
