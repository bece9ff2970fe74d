package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An object header (version 1, or version 2 with its "OHDR" signature) flattened into its
 * messages, following continuation blocks. Continuations are bounded in number and checked for
 * cycles, so a header cannot make the reader walk forever or read the same block twice.
 */
final class ObjectHeader {
  static final int CONTINUATION = 0x10;
  static final int MAX_MESSAGES = 10_000;
  static final int MAX_CONTINUATIONS = 1_000;

  /** One header message; {@code data} is the raw message body. */
  @SuppressWarnings("ArrayRecordComponent") // the raw body, parsed in place, never compared
  record Message(int type, int flags, byte[] data, long offset) {
    Cursor cursor(Hdf5Io io) {
      return new Cursor(data, offset, io.where);
    }

    boolean shared() {
      return (flags & 0x02) != 0;
    }
  }

  private ObjectHeader() {}

  static List<Message> read(Hdf5Io io, long addr) throws IOException {
    Cursor head = io.readUpTo(addr, 64, "object header");
    List<Message> out = new ArrayList<>();
    Deque<long[]> blocks = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    boolean v2 = head.remaining() >= 4 && head.u32() == 0x5244484fL; // "OHDR"
    if (v2) {
      int version = head.u8();
      int flags = head.u8();
      if (version != 2) {
        throw head.error("object header version " + version + " (expected 2 after OHDR)");
      }
      if ((flags & 0x20) != 0) {
        head.skip(16); // access, modification, change, birth times
      }
      if ((flags & 0x10) != 0) {
        head.skip(4); // attribute phase change values
      }
      long chunk0 = head.uint(1 << (flags & 3));
      long start = addr + head.pos();
      parseV2(io, io.read(start, chunk0, "object header chunk"), flags, out, blocks);
    } else {
      head.seek(0);
      int version = head.u8();
      if (version != 1) {
        throw head.error("unknown object header version " + version);
      }
      head.skip(3);
      head.u32(); // reference count
      long size = head.u32();
      parseV1(io, io.read(addr + 16, size, "object header chunk"), out, blocks);
    }
    int continuations = 0;
    while (!blocks.isEmpty()) {
      long[] b = blocks.poll();
      if (!seen.add(b[0])) {
        throw io.invalid("hdf5.header-cycle", "continuation block at " + b[0]
            + " is referenced twice", b[0]);
      }
      if (++continuations > MAX_CONTINUATIONS) {
        throw io.invalid("hdf5.too-complex", "more than " + MAX_CONTINUATIONS
            + " continuation blocks in one object header", addr);
      }
      Cursor c = io.read(b[0], b[1], "continuation block");
      if (v2) {
        if (c.remaining() < 8 || c.u32() != 0x4b48434fL) { // "OCHK"
          throw c.error("continuation block without OCHK signature");
        }
        parseV2(io, c.sub(c.remaining() - 4), 0, out, blocks);
      } else {
        parseV1(io, c, out, blocks);
      }
    }
    return out;
  }

  private static void parseV1(Hdf5Io io, Cursor c, List<Message> out, Deque<long[]> blocks)
      throws IOException {
    while (c.remaining() >= 8) {
      int type = c.u16();
      int size = c.u16();
      int flags = c.u8();
      c.skip(3);
      long at = c.fileOffset();
      add(io, type, flags, c.bytes(size), at, out, blocks);
      c.skip(Math.min(c.remaining(), (8 - size % 8) % 8)); // v1 messages are 8-byte aligned
    }
  }

  private static void parseV2(Hdf5Io io, Cursor c, int headerFlags, List<Message> out,
      Deque<long[]> blocks) throws IOException {
    int prefix = (headerFlags & 0x04) != 0 ? 6 : 4;
    while (c.remaining() >= prefix) {
      int type = c.u8();
      int size = c.u16();
      int flags = c.u8();
      if (prefix == 6) {
        c.u16(); // creation order
      }
      long at = c.fileOffset();
      add(io, type, flags, c.bytes(size), at, out, blocks);
    }
  }

  private static void add(Hdf5Io io, int type, int flags, byte[] data, long at,
      List<Message> out, Deque<long[]> blocks) throws IOException {
    io.step(io.where + "@" + at);
    if (out.size() >= MAX_MESSAGES) {
      throw new InvalidInputException("hdf5.too-complex", "more than " + MAX_MESSAGES
          + " messages in one object header", io.where + "@" + at);
    }
    if (type == CONTINUATION) {
      Cursor c = new Cursor(data, at, io.where);
      long off = io.address(c);
      long len = io.length(c);
      io.absolute(off, len, "continuation block");
      blocks.add(new long[] {off, len});
      return;
    }
    out.add(new Message(type, flags, data, at));
  }
}
