package dev.modelgate.format.executorch;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ExecuTorch's extended file header, inserted after the FlatBuffer's root offset and file
 * identifier: magic {@code eh00}, header length, program (FlatBuffer) size, and the offset where
 * the data segments begin. Absent in files without segments.
 *
 * @param segmentBase where segment offsets start, or -1 when the file has no header
 */
record ExtendedHeader(long programSize, long segmentBase) {
  static final int OFFSET = 8;
  static final int MIN_LENGTH = 24;

  static ExtendedHeader read(ByteSource src, String file) throws IOException {
    long size = src.size();
    if (size < OFFSET + MIN_LENGTH) {
      return new ExtendedHeader(size, -1);
    }
    ByteBuffer b = ByteBuffer.wrap(src.bytes(OFFSET, MIN_LENGTH)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.get(0) != 'e' || b.get(1) != 'h' || b.get(2) != '0' || b.get(3) != '0') {
      return new ExtendedHeader(size, -1);
    }
    long length = b.getInt(4) & 0xffffffffL;
    long program = b.getLong(8);
    long base = b.getLong(16);
    if (length < MIN_LENGTH || length > size - OFFSET) {
      throw bad(file, "extended header length " + length + " is invalid");
    }
    if (program < OFFSET + length || program > size) {
      throw bad(file, "extended header program size " + Long.toUnsignedString(program)
          + " lies outside the " + size + "-byte file");
    }
    if (base < program || base > size) {
      throw bad(file, "extended header segment base " + Long.toUnsignedString(base)
          + " is outside [program end " + program + ", file end " + size + "]");
    }
    return new ExtendedHeader(program, base);
  }

  private static InvalidInputException bad(String file, String what) {
    return new InvalidInputException("executorch.malformed", what, file + "@" + OFFSET);
  }
}
