package dev.modelgate.format.flax;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounded reader of MessagePack values (the msgpack spec), one header at a time: every
 * declared length or count is checked against the bytes left before it is used, so a hostile
 * header cannot make the scanner allocate or loop; payloads (bin, str, ext) are skipped or
 * handed out as windows of the source, never copied whole.
 */
final class Msgpack {
  /** What the next value is. */
  enum Kind { NIL, BOOL, INT, FLOAT, STR, BIN, ARRAY, MAP, EXT }

  /**
   * One value's header.
   *
   * @param length elements of an array, entries of a map, bytes of str/bin/ext payloads
   * @param number the value of an INT, FLOAT or BOOL (1/0)
   * @param ext the ext type code
   * @param offset where the header starts
   */
  record Header(Kind kind, long length, double number, int ext, long offset) {}

  private final SourceReader in;
  private final ByteSource src;

  Msgpack(ByteSource src, String location) {
    this.src = src;
    this.in = new SourceReader(src, 0, "flax", location, ByteOrder.BIG_ENDIAN);
  }

  boolean atEnd() {
    return in.atEnd();
  }

  long position() {
    return in.position();
  }

  String at(long offset) {
    return in.at(offset);
  }

  InvalidInputException bad(String rule, String what, long offset) {
    return new InvalidInputException(rule, what, in.at(offset));
  }

  Header next() throws IOException {
    long at = in.position();
    int b = in.u8();
    if (b <= 0x7f) {
      return new Header(Kind.INT, 0, b, 0, at);
    }
    if (b >= 0xe0) {
      return new Header(Kind.INT, 0, (byte) b, 0, at);
    }
    if (b <= 0x8f) {
      return counted(Kind.MAP, b & 0x0f, 2, at);
    }
    if (b <= 0x9f) {
      return counted(Kind.ARRAY, b & 0x0f, 1, at);
    }
    if (b <= 0xbf) {
      return sized(Kind.STR, b & 0x1f, 0, at);
    }
    return switch (b) {
      case 0xc0 -> new Header(Kind.NIL, 0, 0, 0, at);
      case 0xc2 -> new Header(Kind.BOOL, 0, 0, 0, at);
      case 0xc3 -> new Header(Kind.BOOL, 0, 1, 0, at);
      case 0xc4 -> sized(Kind.BIN, in.u8(), 0, at);
      case 0xc5 -> sized(Kind.BIN, in.u16(), 0, at);
      case 0xc6 -> sized(Kind.BIN, in.u32(), 0, at);
      case 0xc7 -> ext(in.u8(), at);
      case 0xc8 -> ext(in.u16(), at);
      case 0xc9 -> ext(in.u32(), at);
      case 0xca -> new Header(Kind.FLOAT, 0, in.f32(), 0, at);
      case 0xcb -> new Header(Kind.FLOAT, 0, in.f64(), 0, at);
      case 0xcc -> new Header(Kind.INT, 0, in.u8(), 0, at);
      case 0xcd -> new Header(Kind.INT, 0, in.u16(), 0, at);
      case 0xce -> new Header(Kind.INT, 0, in.u32(), 0, at);
      case 0xcf -> new Header(Kind.INT, 0, unsigned(in.u64()), 0, at);
      case 0xd0 -> new Header(Kind.INT, 0, (byte) in.u8(), 0, at);
      case 0xd1 -> new Header(Kind.INT, 0, (short) in.u16(), 0, at);
      case 0xd2 -> new Header(Kind.INT, 0, in.i32(), 0, at);
      case 0xd3 -> new Header(Kind.INT, 0, in.u64(), 0, at);
      case 0xd4 -> ext(1, at);
      case 0xd5 -> ext(2, at);
      case 0xd6 -> ext(4, at);
      case 0xd7 -> ext(8, at);
      case 0xd8 -> ext(16, at);
      case 0xd9 -> sized(Kind.STR, in.u8(), 0, at);
      case 0xda -> sized(Kind.STR, in.u16(), 0, at);
      case 0xdb -> sized(Kind.STR, in.u32(), 0, at);
      case 0xdc -> counted(Kind.ARRAY, in.u16(), 1, at);
      case 0xdd -> counted(Kind.ARRAY, in.u32(), 1, at);
      case 0xde -> counted(Kind.MAP, in.u16(), 2, at);
      case 0xdf -> counted(Kind.MAP, in.u32(), 2, at);
      default -> throw bad("flax.malformed", "0xc1 is not a MessagePack type", at);
    };
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0;
  }

  /** Arrays and maps: each element takes at least one byte, so the count must fit. */
  private Header counted(Kind k, long n, int perElement, long at) throws InvalidInputException {
    if (n > in.remaining() / perElement) {
      throw bad("flax.malformed", k.name().toLowerCase(java.util.Locale.ROOT) + " of " + n
          + " elements cannot fit in the " + in.remaining() + " bytes left", at);
    }
    return new Header(k, n, 0, 0, at);
  }

  private Header sized(Kind k, long n, int ext, long at) throws InvalidInputException {
    if (n > in.remaining()) {
      throw bad("flax.malformed", k.name().toLowerCase(java.util.Locale.ROOT) + " of " + n
          + " bytes runs past the " + in.remaining() + " bytes left", at);
    }
    return new Header(k, n, 0, ext, at);
  }

  private Header ext(long n, long at) throws IOException {
    int type = (byte) in.u8();
    return sized(Kind.EXT, n, type, at);
  }

  /** Skips the payload of a STR, BIN or EXT header just read. */
  void skip(Header h) throws IOException {
    in.skip(h.length());
  }

  /** The payload of a STR header just read, at most {@code max} bytes kept (the rest skipped). */
  String text(Header h, int max) throws IOException {
    byte[] b = in.bytes(Math.min(h.length(), max));
    in.skip(h.length() - b.length);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The payload of an EXT (or BIN) header just read, as a window of the source. */
  ByteSource payload(Header h) throws IOException {
    ByteSource s = src.slice(in.position(), h.length());
    in.skip(h.length());
    return s;
  }
}
