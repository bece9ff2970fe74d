package dev.modelgate.format.numpy;

import dev.modelgate.format.python.PyEscapes;
import dev.modelgate.io.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Set;

/**
 * Python string and bytes literals as CPython 3 decodes them: prefixes {@code r u b f} in any
 * case and valid combination, single and triple quotes, and every escape ({@code \n \t \\ \'},
 * octal, {@code \x}, {@code \\u}, {@code \U}, {@code \N{name}}, line continuations); unknown
 * escapes keep their backslash, as Python does. A header may spell {@code '<f4'} as
 * {@code "\x3cf4"} and numpy reads the same dtype, so the scan must read it too.
 */
final class PyStrings {
  private static final Set<String> PREFIXES = Set.of("r", "u", "b", "f", "br", "rb", "fr", "rf");

  private PyStrings() {}

  static boolean isPrefix(String word) {
    return PREFIXES.contains(word.toLowerCase(Locale.ROOT));
  }

  /**
   * Reads the literal at the lexer's position (a quote, after {@code prefix}): a String, a
   * {@link PyValue.Bytes}, or {@link PyValue#F_STRING} for an f-string, which is
   * an expression rather than a constant.
   */
  static Object read(PyLexer lx, String prefix) throws InvalidInputException {
    String p = prefix.toLowerCase(Locale.ROOT);
    boolean raw = p.contains("r");
    boolean bytes = p.contains("b");
    boolean format = p.contains("f");
    String s = lx.text();
    int i = lx.position();
    char q = s.charAt(i);
    boolean triple = s.startsWith(String.valueOf(q).repeat(3), i);
    i += triple ? 3 : 1;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw lx.syntax("unterminated string literal");
      }
      char c = s.charAt(i);
      if (c == q && (!triple || s.startsWith(String.valueOf(q).repeat(3), i))) {
        i += triple ? 3 : 1;
        break;
      }
      if (c == '\n' && !triple) {
        throw lx.syntax("unterminated string literal");
      }
      if (bytes && c > 0x7f) {
        throw lx.syntax("bytes can only contain ASCII literal characters");
      }
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= s.length()) {
        throw lx.syntax("unterminated string literal");
      }
      char e = s.charAt(i + 1);
      if (raw || format) {
        // the backslash stays, and the character after it never ends the literal
        out.append(c).append(e);
        i += 2;
        continue;
      }
      i = escape(lx, s, i + 1, bytes, out);
    }
    lx.advance(i);
    if (format) {
      return PyValue.F_STRING;
    }
    if (!bytes) {
      return out.toString();
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(out.length());
    for (int k = 0; k < out.length(); k++) {
      b.write(out.charAt(k)); // each is below 256: ASCII, or a \x / octal escape's byte
    }
    return new PyValue.Bytes(b.toByteArray());
  }

  /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
  private static int escape(PyLexer lx, String s, int i, boolean bytes, StringBuilder out)
      throws InvalidInputException {
    char e = s.charAt(i);
    int simple = PyEscapes.simple(e);
    if (simple >= 0) {
      out.append((char) simple);
      return i + 1;
    }
    switch (e) {
      case '\n' -> {
        return i + 1; // a line continuation inside the literal
      }
      case 'x' -> {
        int v = hex(s, i + 1, 2);
        if (v < 0) {
          throw lx.syntax("truncated \\xXX escape");
        }
        out.append((char) v);
        return i + 3;
      }
      default -> {
        if (e >= '0' && e <= '7') {
          int end = i;
          int v = 0;
          while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
            v = v * 8 + s.charAt(end) - '0';
            end++;
          }
          out.append((char) (bytes ? v & 0xff : v));
          return end;
        }
        if (!bytes && (e == 'u' || e == 'U')) {
          int n = e == 'u' ? 4 : 8;
          int v = hex(s, i + 1, n);
          if (v < 0 || v > Character.MAX_CODE_POINT) {
            throw lx.syntax("invalid \\" + e + " escape");
          }
          out.appendCodePoint(v);
          return i + 1 + n;
        }
        if (!bytes && e == 'N') {
          return named(lx, s, i + 1, out);
        }
        out.append('\\').append(e); // unknown escapes keep their backslash
      }
    }
    return i + 1;
  }

  /** {@code \N{NAME}}: Python's lookup is case-insensitive, like the JDK's. */
  private static int named(PyLexer lx, String s, int i, StringBuilder out)
      throws InvalidInputException {
    int close = s.indexOf('}', i);
    if (i >= s.length() || s.charAt(i) != '{' || close < 0 || close == i + 1
        || s.substring(i + 1, close).indexOf('\n') >= 0) {
      throw lx.syntax("malformed \\N character escape");
    }
    String name = s.substring(i + 1, close);
    if (!name.strip().equals(name)) {
      throw lx.syntax("unknown Unicode character name");
    }
    int cp;
    try {
      cp = Character.codePointOf(name);
    } catch (IllegalArgumentException x) {
      // Python also knows names the JDK does not (aliases): numpy may read what we cannot
      throw lx.unsupported("\\N{" + name + "} names no character this reader knows");
    }
    out.appendCodePoint(cp);
    return close + 1;
  }

  /** The value of exactly {@code n} hex digits at {@code i}, or -1. */
  private static int hex(String s, int i, int n) {
    if (i + n > s.length()) {
      return -1;
    }
    long v = 0;
    for (int k = i; k < i + n; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0 || s.charAt(k) > 0x7f) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }
}
