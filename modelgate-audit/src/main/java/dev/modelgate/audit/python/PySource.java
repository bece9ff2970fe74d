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
  private final int[] lineStarts;

  PySource(String path, byte[] utf8) {
    this.path = path;
    this.utf8 = utf8;
    int n = 1;
    for (byte b : utf8) {
      if (b == '\n') {
        n++;
      }
    }
    int[] starts = new int[n];
    int k = 1;
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '\n') {
        starts[k++] = i + 1;
      }
    }
    this.lineStarts = starts;
  }

  String text(int start, int end) {
    int s = Math.max(0, Math.min(start, utf8.length));
    int e = Math.max(s, Math.min(end, utf8.length));
    return new String(utf8, s, e - s, StandardCharsets.UTF_8);
  }

  int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  int column(int offset) {
    int lineStart = lineStarts[line(offset) - 1];
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
    if (n < 1 || n > lineStarts.length) {
      return "";
    }
    int s = lineStarts[n - 1];
    int e = n < lineStarts.length ? lineStarts[n] - 1 : utf8.length;
    if (e > s && utf8[e - 1] == '\r') {
      e--;
    }
    return text(s, e);
  }

  int lines() {
    return lineStarts.length;
  }
}
