package dev.modelgate.format.hdf5;

import dev.modelgate.format.hdf5.Hdf5File.Dataset;
import dev.modelgate.format.hdf5.Hdf5File.ExternalFile;
import dev.modelgate.format.hdf5.Hdf5File.ExternalLink;
import dev.modelgate.format.hdf5.ObjectHeader.Message;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A minimal HDF5 reader for scanning: it walks the group tree from the root (symbol-table groups
 * and link-message groups), reads the root's string attributes and each dataset's shape, type
 * size, layout and external storage, and never reads dataset data. Every address is checked
 * against the file size; objects, depth and total work are bounded; hard-link cycles are cut by
 * visiting each object header once.
 */
public final class Hdf5Reader {
  static final int MAX_OBJECTS = 100_000;
  static final int MAX_DEPTH = 64;
  static final int MAX_EXTERNAL_SLOTS = 1_000;

  private static final int DATASPACE = 0x01;
  private static final int LINK_INFO = 0x02;
  private static final int DATATYPE = 0x03;
  private static final int LINK = 0x06;
  private static final int EXTERNAL = 0x07;
  private static final int LAYOUT = 0x08;
  private static final int ATTRIBUTE = 0x0c;
  private static final int SYMBOL_TABLE = 0x11;
  private static final int ATTRIBUTE_INFO = 0x15;

  private final Hdf5Io io;
  private final int maxValue;
  private final Map<String, String> attrs = new LinkedHashMap<>();
  private final List<Dataset> datasets = new ArrayList<>();
  private final List<ExternalLink> links = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();
  private final Set<Long> visited = new HashSet<>();
  private final Deque<Node> todo = new ArrayDeque<>();

  private record Node(long header, String path, int depth) {}

  private Hdf5Reader(ByteSource src, String where, int maxValue) {
    this.io = new Hdf5Io(src, where);
    this.maxValue = maxValue;
  }

  /** True when an HDF5 signature sits at 0 or a power-of-two offset from 512 in {@code head}. */
  public static boolean hasSignature(byte[] head) {
    for (int at = 0; at + 8 <= head.length; at = at == 0 ? 512 : at * 2) {
      if (java.util.Arrays.equals(head, at, at + 8, Superblock.SIGNATURE, 0, 8)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads {@code src}. Structural errors do not escape: the walk stops and the error is returned
   * with everything read before it. I/O failures of the source itself are thrown.
   *
   * @param where member name for locations
   * @param maxValue largest string attribute value read into memory
   */
  public static Hdf5File read(ByteSource src, String where, int maxValue) throws IOException {
    Hdf5Reader r = new Hdf5Reader(src, where, maxValue);
    int version = -1;
    Optional<InvalidInputException> error = Optional.empty();
    try {
      Superblock sb = Superblock.read(r.io);
      version = sb.version();
      r.walk(sb.rootHeader());
    } catch (InvalidInputException e) {
      error = Optional.of(e);
    }
    return new Hdf5File(version, r.attrs, r.datasets, r.links, r.unreadable, error);
  }

  private void walk(long root) throws IOException {
    todo.push(new Node(root, "/", 0));
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!visited.add(n.header)) {
        continue; // a second hard link to an object already seen (or a cycle)
      }
      if (visited.size() > MAX_OBJECTS) {
        throw io.invalid("hdf5.too-complex", "more than " + MAX_OBJECTS + " objects", n.header);
      }
      object(n);
    }
  }

  private void object(Node n) throws IOException {
    List<Message> msgs = ObjectHeader.read(io, n.header);
    Message space = null;
    Message type = null;
    Message layout = null;
    Message external = null;
    for (Message m : msgs) {
      switch (m.type()) {
        case DATASPACE -> space = resolve(m);
        case DATATYPE -> type = resolve(m);
        case LAYOUT -> layout = m;
        case EXTERNAL -> external = m;
        case ATTRIBUTE -> attribute(n, m.cursor(io));
        case ATTRIBUTE_INFO -> dense(n, m, true);
        case SYMBOL_TABLE -> symbolTable(n, m);
        case LINK -> link(n, m.cursor(io), m.offset());
        case LINK_INFO -> dense(n, m, false);
        default -> { }
      }
    }
    if (layout != null) {
      datasets.add(Datasets.describe(io, n.path, space, type, layout, external,
          io.where + "@" + (n.header + io.base), unreadable));
    }
  }

  private void attribute(Node n, Cursor c) throws IOException {
    long at = c.fileOffset();
    Attribute a = Attribute.parse(io, c, maxValue, n.depth == 0);
    if (n.depth == 0) {
      if (attrs.containsKey(a.name())) {
        // Readers disagree on which copy wins, so the scanner could see a different value.
        throw io.invalid("hdf5.duplicate-attribute", "attribute '" + a.name()
            + "' appears twice on the root group", at - io.base);
      }
      attrs.put(a.name(), a.value());
    }
  }

  /**
   * Link info and attribute info messages name a fractal heap and a name-index B-tree when
   * storage is dense (many links or attributes in a file written with the newer format); every
   * record of the index is fetched from the heap and read like a compact message.
   */
  private void dense(Node n, Message m, boolean attributes) throws IOException {
    Cursor c = m.cursor(io);
    c.u8(); // version
    int flags = c.u8();
    if ((flags & 0x01) != 0) {
      c.skip(attributes ? 2 : 8); // maximum creation index
    }
    long heapAddr = io.address(c);
    long index = io.address(c);
    if (heapAddr < 0 || index < 0) {
      return; // compact storage: the messages are in the header itself
    }
    FractalHeap heap = new FractalHeap(io, heapAddr);
    String what = (attributes ? "attributes of " : "links of ") + n.path;
    BTreeV2.walk(io, index, attributes ? 8 : 5, r -> {
      Cursor id = attributes ? r.sub(8) : skipHash(r);
      if (attributes && (r.u8() & 0x01) != 0) {
        unreadable.add(what + " held in the shared-message heap");
        return;
      }
      byte[] obj;
      try {
        obj = heap.object(id);
      } catch (FractalHeap.Unsupported e) {
        unreadable.add(what + " (" + e.getMessage() + ")");
        return;
      }
      Cursor oc = new Cursor(obj, r.fileOffset(), io.where);
      if (attributes) {
        attribute(n, oc);
      } else {
        link(n, oc, r.fileOffset());
      }
    });
  }

  private static Cursor skipHash(Cursor r) throws InvalidInputException {
    r.skip(4); // name hash
    return r.sub(r.remaining());
  }

  /** A shared message is stored in another object header; fetch the original (one level). */
  private Message resolve(Message m) throws IOException {
    if (!m.shared()) {
      return m;
    }
    Cursor c = m.cursor(io);
    int version = c.u8();
    int kind = c.u8();
    if (version == 1) {
      c.skip(6);
    } else if (version == 3 && kind == 1) {
      throw io.invalid("hdf5.unsupported", "message shared through the shared-message heap",
          m.offset() - io.base);
    }
    long addr = io.address(c);
    for (Message o : ObjectHeader.read(io, addr)) {
      if (o.type() == m.type() && !o.shared()) {
        return o;
      }
    }
    throw io.invalid("hdf5.shared-message", "shared message not found in object header "
        + addr, m.offset() - io.base);
  }

  private void symbolTable(Node n, Message m) throws IOException {
    Cursor c = m.cursor(io);
    long btree = io.address(c);
    LocalHeap heap = LocalHeap.read(io, io.address(c));
    BTreeV1.walk(io, btree, BTreeV1.GROUP, 0, (key, snod) -> {
      int entry = 2 * io.offsetSize + 24;
      Cursor h = io.read(snod, 8, "symbol table node");
      if (h.u32() != 0x444f4e53L) { // "SNOD"
        throw h.error("symbol table node without SNOD signature");
      }
      h.skip(2);
      int count = h.u16();
      Cursor e = io.read(snod + 8, (long) count * entry, "symbol table entries");
      for (int k = 0; k < count; k++) {
        io.step(e.here());
        Cursor s = e.sub(entry);
        String name = heap.string(io, io.length(s));
        long header = io.address(s);
        // Cache type 2 marks a soft link: no object header, its target path sits in the local
        // heap and names an object of this file, which the walk reaches through its target.
        if (s.u32() != 2) {
          child(n, name, header);
        }
      }
    });
  }

  private void link(Node n, Cursor c, long offset) throws IOException {
    c.u8(); // version
    int flags = c.u8();
    int linkType = (flags & 0x08) != 0 ? c.u8() : 0;
    if ((flags & 0x04) != 0) {
      c.skip(8); // creation order
    }
    if ((flags & 0x10) != 0) {
      c.skip(1); // name character set
    }
    long len = c.uint(1 << (flags & 3));
    String name = new String(c.bytes(len), java.nio.charset.StandardCharsets.UTF_8);
    switch (linkType) {
      case 0 -> child(n, name, io.address(c));
      case 1 -> { } // soft link: a path inside this file, reached through its target anyway
      case 64 -> {
        Cursor v = c.sub(c.u16());
        v.u8(); // version and flags
        String file = v.cString();
        String object = v.cString();
        links.add(new ExternalLink(join(n.path, name), file, object,
            io.where + "@" + offset));
      }
      default -> unreadable.add("user-defined link type " + linkType + " at " + join(n.path,
          name));
    }
  }

  private void child(Node parent, String name, long header) throws InvalidInputException {
    if (parent.depth + 1 > MAX_DEPTH) {
      throw io.invalid("hdf5.too-deep", "groups nested deeper than " + MAX_DEPTH, header);
    }
    if (header < 0) {
      throw io.invalid("hdf5.bad-address", "link '" + name + "' has no object address",
          parent.header);
    }
    if (todo.size() >= MAX_OBJECTS) {
      throw io.invalid("hdf5.too-complex", "more than " + MAX_OBJECTS + " pending links",
          header);
    }
    todo.push(new Node(header, join(parent.path, name), parent.depth + 1));
  }

  private static String join(String path, String name) {
    return path.endsWith("/") ? path + name : path + "/" + name;
  }
}
