package dev.modelgate.format.archive;

import dev.modelgate.io.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** One 512-byte tar header block, checked (checksum, numeric fields) before any field is used. */
record TarHeader(String name, char type, String linkName, long size) {

  static TarHeader parse(byte[] b, long pos) throws InvalidInputException {
    long stored = octal(b, 148, 8);
    if (stored < 0 || !checksumMatches(b, stored)) {
      throw new InvalidInputException("tar.checksum", "header checksum does not match",
          TarArchive.at(pos));
    }
    long size = number(b, 124, 12);
    if (size < 0) {
      throw new InvalidInputException("tar.size", "member size field is not a number",
          TarArchive.at(pos + 124));
    }
    String name = TarArchive.cString(slice(b, 0, 100));
    boolean ustar = b[257] == 'u' && b[258] == 's' && b[259] == 't' && b[260] == 'a'
        && b[261] == 'r' && b[262] == 0; // POSIX ustar has a prefix field; GNU "ustar " does not
    if (ustar && b[345] != 0) {
      name = TarArchive.cString(slice(b, 345, 155)) + "/" + name;
    }
    char type = (char) (b[156] & 0xff);
    String link = TarArchive.cString(slice(b, 157, 100));
    return new TarHeader(name, type, link, size);
  }

  /** Unsigned sum with the checksum field as spaces; old tars used a signed sum, also accepted. */
  static boolean checksumMatches(byte[] b, long stored) {
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < TarArchive.BLOCK; i++) {
      int v = i >= 148 && i < 156 ? ' ' : b[i];
      unsigned += v & 0xff;
      signed += (byte) v;
    }
    return stored == unsigned || stored == signed;
  }

  /** An octal field (NUL/space padded); -1 when malformed. */
  static long octal(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && b[i] == ' ') {
      i++;
    }
    long v = 0;
    int digits = 0;
    for (; i < end && b[i] >= '0' && b[i] <= '7'; i++) {
      if (v > (Long.MAX_VALUE >> 3)) {
        return -1;
      }
      v = v << 3 | (b[i] - '0');
      digits++;
    }
    for (; i < end; i++) {
      if (b[i] != 0 && b[i] != ' ') {
        return -1;
      }
    }
    return digits == 0 ? 0 : v;
  }

  /** Octal, or GNU base-256 when the high bit of the first byte is set; -1 when malformed. */
  static long number(byte[] b, int off, int len) {
    if ((b[off] & 0x80) == 0) {
      return octal(b, off, len);
    }
    if ((b[off] & 0x40) != 0) {
      return -1; // negative base-256
    }
    long v = b[off] & 0x3f;
    for (int i = off + 1; i < off + len; i++) {
      if (v > (Long.MAX_VALUE >> 8)) {
        return -1;
      }
      v = v << 8 | (b[i] & 0xff);
    }
    return v;
  }

  private static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }

  /** The pax records modelgate honours: path, linkpath, size, and whether it is GNU sparse. */
  record Pax(@Nullable String path, @Nullable String linkPath, long size, boolean sparse) {
    static final Pax EMPTY = new Pax(null, null, -1, false);

    /** Records are {@code "<len> <key>=<value>\n"}, each length counting the whole record. */
    static Pax parse(byte[] data, long pos) throws InvalidInputException {
      String path = null;
      String link = null;
      long size = -1;
      boolean sparse = false;
      int i = 0;
      while (i < data.length && data[i] != 0) {
        int sp = i;
        long len = 0;
        while (sp < data.length && data[sp] >= '0' && data[sp] <= '9' && len < data.length) {
          len = len * 10 + (data[sp] - '0');
          sp++;
        }
        if (sp >= data.length || data[sp] != ' ' || len <= sp - i || len > data.length - i
            || data[(int) (i + len - 1)] != '\n') {
          throw new InvalidInputException("tar.pax-header", "malformed pax record",
              TarArchive.at(pos));
        }
        String rec = new String(data, sp + 1, (int) (i + len - sp - 2), StandardCharsets.UTF_8);
        int eq = rec.indexOf('=');
        if (eq < 0) {
          throw new InvalidInputException("tar.pax-header", "pax record without '='",
              TarArchive.at(pos));
        }
        String key = rec.substring(0, eq);
        String value = rec.substring(eq + 1);
        switch (key) {
          case "path" -> path = value;
          case "linkpath" -> link = value;
          case "size" -> {
            try {
              size = Long.parseLong(value);
            } catch (NumberFormatException e) {
              size = -2;
            }
            if (size < 0) {
              throw new InvalidInputException("tar.pax-header", "pax size is not a number",
                  TarArchive.at(pos));
            }
          }
          default -> sparse |= key.startsWith("GNU.sparse.");
        }
        i += (int) len;
      }
      return new Pax(path, link, size, sparse);
    }
  }
}
