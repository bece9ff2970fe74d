package dev.modelgate.server.http;

/**
 * Escaping for text that a hostile file or request can name (repository paths, file names,
 * finding evidence) before it reaches a log line, a terminal or an HTTP header.
 */
public final class Text {
  private Text() {}

  /** True for characters that could move a terminal cursor or reorder displayed text. */
  static boolean unsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e
        || c == 0x200f || c == 0x061c;
  }

  /** A JSON string literal in which every unsafe character is a {@code \\u} escape. */
  public static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (unsafe(c) || (Character.isSurrogate(c) && !pair(s, i))) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static boolean pair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /**
   * A header value: printable ASCII only (others become {@code ?}), at most {@code max}
   * characters. Header values cannot carry newlines, and clients print them as they are.
   */
  public static String header(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (s.length() > max) {
      b.setLength(Math.max(0, max - 1));
      b.append('~');
    }
    return b.toString();
  }
}
