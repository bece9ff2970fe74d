package dev.modelgate.format.protobuf;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cheap look at the top-level fields of a protobuf message from the first bytes of a file, for
 * format detection. Protobuf has no magic number, so handlers claim a file only when its prefix
 * parses as the expected field structure. Never throws.
 */
public final class WireSniff {
  private WireSniff() {}

  /**
   * One top-level field seen in the head.
   *
   * @param value the varint value, or the declared length of a length-delimited field
   * @param payload offset in the head where a length-delimited payload starts
   */
  public record Field(int number, int wire, long value, int payload) {}

  /**
   * Parses top-level fields of {@code head} (the first bytes of a file of {@code size} bytes). A
   * length-delimited field may run past the head but not past the file; parsing stops there.
   * Returns null when the bytes are not a well-formed protobuf prefix, or after {@code max} fields.
   */
  public static @Nullable List<Field> topLevel(byte[] head, long size, int max) {
    List<Field> out = new ArrayList<>();
    int p = 0;
    while (p < head.length && out.size() < max) {
      long[] t = varint(head, p);
      if (t == null) {
        return p + 10 > head.length && head.length < size ? out : null;
      }
      p = (int) t[1];
      long number = t[0] >>> 3;
      int wire = (int) (t[0] & 7);
      if (number == 0 || number > 0x1FFFFFFFL) {
        return null;
      }
      switch (wire) {
        case ProtoReader.VARINT -> {
          long[] v = varint(head, p);
          if (v == null) {
            return head.length < size ? out : null;
          }
          out.add(new Field((int) number, wire, v[0], p));
          p = (int) v[1];
        }
        case ProtoReader.FIXED64, ProtoReader.FIXED32 -> {
          int w = wire == ProtoReader.FIXED64 ? 8 : 4;
          if (p + w > size) {
            return null;
          }
          out.add(new Field((int) number, wire, 0, p));
          p += w;
        }
        case ProtoReader.LEN -> {
          long[] v = varint(head, p);
          if (v == null) {
            return head.length < size ? out : null;
          }
          long len = v[0];
          int start = (int) v[1];
          if (len < 0 || len > size - start) {
            return null;
          }
          out.add(new Field((int) number, wire, len, start));
          if (start + len > head.length) {
            return out;
          }
          p = (int) (start + len);
        }
        default -> {
          return null; // groups never appear at the top of the formats sniffed here
        }
      }
    }
    return out;
  }

  /** Decodes a varint at {@code p}: {value, next offset}, or null if malformed or cut off. */
  static long @Nullable [] varint(byte[] b, int p) {
    long v = 0;
    for (int k = 0; k < 10 && p + k < b.length; k++) {
      int x = b[p + k] & 0xff;
      if (k == 9 && (x & 0xfe) != 0) {
        return null;
      }
      v |= (long) (x & 0x7f) << (7 * k);
      if ((x & 0x80) == 0) {
        return new long[] {v, p + k + 1};
      }
    }
    return null;
  }
}
