package dev.modelgate.audit.python;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Python file's text as UTF-8 bytes (the offsets tree-sitter reports) with a line table, so a
 * byte offset turns into a 1-based line and a 1-based column counted in UTF-16 code units (what
 * SARIF's {@code utf16CodeUnits} column kind and editors expect).
 */
final class PySource {
  final String path;
  final byte[] utf8;
  private int[] lineStarts;

  /**
   * The source as tree-sitter reads it: UTF-8 as Python reads source files, without a BOM; a
   * file that is not UTF-8 is read as Latin-1 (PEP 263 coding lines name such files), so every
   * byte still reaches the parser. Valid UTF-8 is used as it is, without a copy.
   */
  static PySource of(String path, byte[] bytes) {
    int off = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    if (!validUtf8(bytes, off)) {
      String latin1 = new String(bytes, off, bytes.length - off, StandardCharsets.ISO_8859_1);
      return new PySource(path, latin1.getBytes(StandardCharsets.UTF_8));
    }
    return new PySource(path, off == 0 ? bytes : Arrays.copyOfRange(bytes, off, bytes.length));
  }

  /** Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
  static boolean validUtf8(byte[] b, int from) {
    int i = from;
    int n = b.length;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int len;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + len > n) {
        return false;
      }
      int cp = c & (0xff >> (len + 1));
      for (int k = 1; k < len; k++) {
        int d = b[i + k] & 0xff;
        if ((d & 0xc0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (d & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return false;
      }
      i += len;
    }
    return true;
  }

  PySource(String path, byte[] utf8) {
    this.path = path;
    this.utf8 = utf8;
  }

  /** Built on first use: most files are never parsed, so never need it. */
  private int[] lineStarts() {
    int[] starts = lineStarts;
    if (starts != null) {
      return starts;
    }
    int n = 1;
    for (byte b : utf8) {
      if (b == '\n') {
        n++;
      }
    }
    starts = new int[n];
    int k = 1;
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '\n') {
        starts[k++] = i + 1;
      }
    }
    lineStarts = starts;
    return starts;
  }

  String text(int start, int end) {
    int s = Math.max(0, Math.min(start, utf8.length));
    int e = Math.max(s, Math.min(end, utf8.length));
    return new String(utf8, s, e - s, StandardCharsets.UTF_8);
  }

  int line(int offset) {
    int i = Arrays.binarySearch(lineStarts(), offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  int column(int offset) {
    int lineStart = lineStarts()[line(offset) - 1];
    int end = Math.min(offset, utf8.length);
    int units = 0;
    for (int i = lineStart; i < end; i++) {
      int b = utf8[i] & 0xff;
      if ((b & 0xc0) != 0x80) {
        units += b >= 0xf0 ? 2 : 1; // a 4-byte sequence is a surrogate pair in UTF-16
      }
    }
    return units + 1;
  }

  /** The text of 1-based line {@code n} without its line break. */
  String lineText(int n) {
    int[] starts = lineStarts();
    if (n < 1 || n > starts.length) {
      return "";
    }
    int s = starts[n - 1];
    int e = n < starts.length ? starts[n] - 1 : utf8.length;
    if (e > s && utf8[e - 1] == '\r') {
      e--;
    }
    return text(s, e);
  }
}
