package dev.modelgate.format.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Minimal protobuf writer for hand-built test inputs. */
public final class PbWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public static PbWriter of() {
    return new PbWriter();
  }

  public PbWriter varint(int field, long v) {
    raw(((long) field << 3));
    raw(v);
    return this;
  }

  public PbWriter bytes(int field, byte[] b) {
    raw(((long) field << 3) | 2);
    raw(b.length);
    out.writeBytes(b);
    return this;
  }

  public PbWriter string(int field, String s) {
    return bytes(field, s.getBytes(StandardCharsets.UTF_8));
  }

  public PbWriter message(int field, PbWriter m) {
    return bytes(field, m.toByteArray());
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private void raw(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
