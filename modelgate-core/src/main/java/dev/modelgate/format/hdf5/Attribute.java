package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Attribute message (versions 1-3). Only string values are decoded: a scalar (or first element)
 * fixed-length string, or a variable-length string stored in the global heap. Other types come
 * back with a {@code null} value.
 */
record Attribute(String name, @Nullable String value) {

  /**
   * @param readValue false to only check the structure (sizes) without reading heap values
   */
  static Attribute parse(Hdf5Io io, Cursor c, int maxValue, boolean readValue)
      throws IOException {
    int version = c.u8();
    if (version < 1 || version > 3) {
      throw c.error("attribute message version " + version + " is not defined");
    }
    int flags = c.u8();
    int nameSize = c.u16();
    int typeSize = c.u16();
    int spaceSize = c.u16();
    if (version == 3) {
      c.u8(); // name character set
    }
    Cursor name = c.sub(pad(version, nameSize));
    Cursor type = c.sub(pad(version, typeSize));
    Cursor space = c.sub(pad(version, spaceSize));
    String n = name.cString();
    if ((flags & 0x03) != 0) {
      return new Attribute(n, null); // shared datatype/dataspace: not a plain string attribute
    }
    Datatype t = Datatype.parse(type);
    Dataspace s = Dataspace.parse(io, space);
    if (s.dims() == null || s.elements() < 1) {
      return new Attribute(n, null);
    }
    long need = s.elements() > Long.MAX_VALUE / Math.max(1, t.size()) ? Long.MAX_VALUE
        : s.elements() * t.size();
    if (need > c.remaining()) {
      // The library copies the declared size out of a message of at most 64 KiB: a reader
      // trusting the dataspace over-reads or allocates the declared size.
      throw new InvalidInputException("hdf5.attribute-size", "attribute '" + n + "' declares "
          + s.elements() + " x " + t.size() + " bytes but its message holds " + c.remaining(),
          c.here());
    }
    if (!readValue) {
      return new Attribute(n, null);
    }
    if (t.fixedString()) {
      int len = (int) Math.min(Math.min(t.size(), c.remaining()), maxValue);
      return new Attribute(n, c.sub(len).cString());
    }
    if (t.variableString()) {
      c.u32(); // length in elements; the heap object's own size is authoritative
      long heap = io.address(c);
      long index = c.u32();
      if (heap < 0) {
        return new Attribute(n, "");
      }
      byte[] v = GlobalHeap.object(io, heap, index, maxValue);
      return new Attribute(n, new String(v, StandardCharsets.UTF_8));
    }
    return new Attribute(n, null);
  }

  /** Version 1 pads each part to a multiple of 8 bytes. */
  private static long pad(int version, int size) {
    return version == 1 ? (size + 7L) & ~7L : size;
  }
}
