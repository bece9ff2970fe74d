package dev.modelgate.format.jinja;

import dev.modelgate.format.python.PyEscapes;

/**
 * Decodes a Jinja string literal body the way Jinja does (Python's {@code unicode-escape}), so
 * {@code '\x5f\x5fclass\x5f\x5f'} is seen as {@code __class__}.
 */
final class JinjaStrings {
  private JinjaStrings() {}

  /** @param at offset of the literal, for errors */
  static String decode(String body, int at) throws TemplateSyntaxException {
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    int n = body.length();
    for (int i = 0; i < n; i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= n) {
        out.append(c);
        continue;
      }
      char e = body.charAt(++i);
      int simple = PyEscapes.simple(e);
      if (simple >= 0) {
        out.append((char) simple);
        continue;
      }
      switch (e) {
        case '\n' -> { }
        case 'x' -> i = hex(body, i, 2, out, at);
        case 'u' -> i = hex(body, i, 4, out, at);
        case 'U' -> i = hex(body, i, 8, out, at);
        case 'N' -> i = named(body, i, out, at);
        default -> {
          if (e >= '0' && e <= '7') {
            int v = 0;
            int k = i;
            while (k < n && k < i + 3 && body.charAt(k) >= '0' && body.charAt(k) <= '7') {
              v = v * 8 + (body.charAt(k) - '0');
              k++;
            }
            out.appendCodePoint(v);
            i = k - 1;
          } else {
            out.append('\\').append(e); // Python keeps unknown escapes as written
          }
        }
      }
    }
    return out.toString();
  }

  private static int hex(String s, int i, int digits, StringBuilder out, int at)
      throws TemplateSyntaxException {
    if (i + digits >= s.length()) {
      throw new TemplateSyntaxException("truncated \\" + s.charAt(i) + " escape", at);
    }
    int v = 0;
    for (int k = 1; k <= digits; k++) {
      int d = Character.digit(s.charAt(i + k), 16);
      if (d < 0) {
        throw new TemplateSyntaxException("bad \\" + s.charAt(i) + " escape", at);
      }
      v = v * 16 + d;
    }
    if (!Character.isValidCodePoint(v)) {
      throw new TemplateSyntaxException("escape outside Unicode", at);
    }
    out.appendCodePoint(v);
    return i + digits;
  }

  private static int named(String s, int i, StringBuilder out, int at)
      throws TemplateSyntaxException {
    int close = s.indexOf('}', i);
    if (i + 1 >= s.length() || s.charAt(i + 1) != '{' || close < 0) {
      throw new TemplateSyntaxException("malformed \\N{...} escape", at);
    }
    try {
      out.appendCodePoint(Character.codePointOf(s.substring(i + 2, close)));
    } catch (IllegalArgumentException e) {
      throw new TemplateSyntaxException("unknown character name in \\N{...}", at);
    }
    return close;
  }
}
