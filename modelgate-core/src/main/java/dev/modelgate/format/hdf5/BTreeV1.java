package dev.modelgate.format.hdf5;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Version 1 B-trees ("TREE"): type 0 indexes a group's symbol table nodes, type 1 a dataset's
 * chunks. Walked iteratively; a node may be visited once, levels must strictly decrease, so a
 * crafted tree can neither loop nor recurse deeply.
 */
final class BTreeV1 {
  static final int GROUP = 0;
  static final int CHUNK = 1;

  /** Receives each leaf entry: the key's bytes before the child, and the child address. */
  interface Leaf {
    void entry(Cursor key, long child) throws IOException;
  }

  private BTreeV1() {}

  /** @param chunkDims for type 1: the layout's dimensionality (rank + 1); ignored for type 0 */
  static void walk(Hdf5Io io, long root, int type, int chunkDims, Leaf leaf) throws IOException {
    int keySize = type == GROUP ? io.lengthSize : 8 + 8 * chunkDims;
    Deque<long[]> todo = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    todo.push(new long[] {root, -1});
    while (!todo.isEmpty()) {
      long[] n = todo.pop();
      long addr = n[0];
      io.step(io.where + "@" + (addr + io.base));
      if (!seen.add(addr)) {
        throw io.invalid("hdf5.btree-cycle", "B-tree node " + addr + " is reached twice", addr);
      }
      Cursor h = io.read(addr, 8 + 2L * io.offsetSize, "B-tree node");
      if (h.u32() != 0x45455254L) { // "TREE"
        throw h.error("B-tree node without TREE signature");
      }
      int nodeType = h.u8();
      int level = h.u8();
      int entries = h.u16();
      if (nodeType != type || (n[1] >= 0 && level != n[1] - 1)) {
        throw io.invalid("hdf5.btree", "B-tree node type " + nodeType + " level " + level
            + " does not fit its parent", addr);
      }
      long body = (long) entries * (keySize + io.offsetSize) + keySize;
      Cursor c = io.read(addr + 8 + 2L * io.offsetSize, body, "B-tree node entries");
      for (int k = 0; k < entries; k++) {
        Cursor key = c.sub(keySize);
        long child = io.address(c);
        if (level == 0) {
          leaf.entry(key, child);
        } else {
          todo.push(new long[] {child, level});
        }
      }
    }
  }
}
