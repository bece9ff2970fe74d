package dev.modelgate.format.hdf5;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Version 2 B-trees ("BTHD" header, "BTIN" internal and "BTLF" leaf nodes), walked only to list
 * every record (the name indexes of dense links and attributes). Field widths inside internal
 * nodes derive from the node size, as in the format specification; depth is capped, nodes are
 * visited once, and each node's record count is checked against what fits in a node.
 */
final class BTreeV2 {
  static final int MAX_DEPTH = 16;

  interface Records {
    void record(Cursor r) throws IOException;
  }

  private BTreeV2() {}

  /** Calls {@code each} for every record of the tree whose header is at {@code addr}. */
  static void walk(Hdf5Io io, long addr, int expectedType, Records each) throws IOException {
    Cursor h = io.read(addr, 16 + io.offsetSize + io.lengthSize, "B-tree v2 header");
    if (h.u32() != 0x44485442L) { // "BTHD"
      throw h.error("B-tree v2 header without BTHD signature");
    }
    h.u8(); // version
    int type = h.u8();
    long nodeSize = h.u32();
    int recordSize = h.u16();
    int depth = h.u16();
    h.skip(2); // split and merge percentages
    long root = io.address(h);
    int rootRecords = h.u16();
    if (type != expectedType || recordSize < 1 || depth > MAX_DEPTH || nodeSize < 16
        || nodeSize > Hdf5Io.MAX_STRUCTURE) {
      throw io.invalid("hdf5.btree", "B-tree v2 type " + type + ", record size " + recordSize
          + ", depth " + depth + ", node size " + nodeSize + " is not usable", addr);
    }
    if (root < 0) {
      return; // empty tree
    }
    // max records per node and the byte widths of the per-child counts, level by level
    long[] maxRecords = new long[depth + 1];
    long[] cumulative = new long[depth + 1];
    int[] cumulativeSize = new int[depth + 1];
    maxRecords[0] = (nodeSize - 10) / recordSize;
    cumulative[0] = maxRecords[0];
    int countSize = encodedSize(maxRecords[0]);
    for (int u = 1; u <= depth; u++) {
      long pointer = (long) io.offsetSize + countSize + (u > 1 ? cumulativeSize[u - 1] : 0);
      maxRecords[u] = (nodeSize - 10 - pointer) / (recordSize + pointer);
      if (maxRecords[u] < 1) {
        throw io.invalid("hdf5.btree", "B-tree v2 nodes too small for depth " + depth, addr);
      }
      try {
        cumulative[u] = Math.addExact(Math.multiplyExact(maxRecords[u] + 1, cumulative[u - 1]),
            maxRecords[u]);
      } catch (ArithmeticException e) {
        throw io.invalid("hdf5.btree", "B-tree v2 depth " + depth + " overflows", addr);
      }
      cumulativeSize[u] = encodedSize(cumulative[u]);
    }
    Deque<long[]> todo = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    todo.push(new long[] {root, rootRecords, depth});
    while (!todo.isEmpty()) {
      long[] n = todo.pop();
      long at = n[0];
      int records = (int) n[1];
      int level = (int) n[2];
      io.step(io.where + "@" + (at + io.base));
      if (!seen.add(at)) {
        throw io.invalid("hdf5.btree-cycle", "B-tree v2 node " + at + " is reached twice", at);
      }
      if (records > maxRecords[level]) {
        throw io.invalid("hdf5.btree", "B-tree v2 node claims " + records + " records, at most "
            + maxRecords[level] + " fit", at);
      }
      Cursor c = io.read(at, nodeSize, "B-tree v2 node");
      long sig = c.u32();
      if (sig != (level == 0 ? 0x464c5442L : 0x4e495442L)) { // "BTLF" / "BTIN"
        throw c.error("B-tree v2 node without " + (level == 0 ? "BTLF" : "BTIN") + " signature");
      }
      c.skip(2); // version, type
      for (int k = 0; k < records; k++) {
        each.record(c.sub(recordSize));
      }
      if (level > 0) {
        for (int k = 0; k <= records; k++) {
          long child = io.address(c);
          long childRecords = c.uint(countSize);
          if (level > 1) {
            c.uint(cumulativeSize[level - 1]);
          }
          if (child < 0 || childRecords < 0 || childRecords > maxRecords[level - 1]) {
            throw io.invalid("hdf5.btree", "B-tree v2 child pointer is not valid", at);
          }
          todo.push(new long[] {child, childRecords, level - 1});
        }
      }
    }
  }

  /** Bytes needed to encode {@code n}: floor(log2(n)) / 8 + 1, as the library computes it. */
  static int encodedSize(long n) {
    int log2 = n <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(n);
    return log2 / 8 + 1;
  }
}
