package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;

/**
 * The parts of a datatype message the scanner needs: its class, the element size (for declared
 * dataset sizes) and whether it is a string (fixed-length class 3 or variable-length class 9).
 */
record Datatype(int typeClass, long size, boolean variableString) {
  static final int STRING = 3;
  static final int VARIABLE = 9;

  static Datatype parse(Cursor c) throws InvalidInputException {
    int classAndVersion = c.u8();
    int bits0 = c.u8();
    c.skip(2);
    long size = c.u32();
    int cls = classAndVersion & 0x0f;
    int version = classAndVersion >> 4;
    if (version < 1 || version > 5 || cls > 10) {
      throw new InvalidInputException("hdf5.datatype", "datatype class " + cls + " version "
          + version + " is not defined", c.here());
    }
    return new Datatype(cls, size, cls == VARIABLE && (bits0 & 0x0f) == 1);
  }

  boolean fixedString() {
    return typeClass == STRING;
  }
}
