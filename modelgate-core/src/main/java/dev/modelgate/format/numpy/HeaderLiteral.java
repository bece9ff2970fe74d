package dev.modelgate.format.numpy;

import dev.modelgate.io.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python literal subset numpy writes in an {@code .npy} header: a dict of strings, booleans,
 * integers, None, tuples and lists (structured dtypes). numpy reads it with
 * {@code ast.literal_eval}, which evaluates nothing; this parser accepts no more than that and is
 * depth-bounded.
 */
final class HeaderLiteral {
  private static final int MAX_DEPTH = 32;
  private final String s;
  private final String location;
  private int i;

  private HeaderLiteral(String s, String location) {
    this.s = s;
    this.location = location;
  }

  /** Parses {@code text}: Java String, Boolean, Long, null, List (tuple or list), Map. */
  static Object parse(String text, String location) throws InvalidInputException {
    HeaderLiteral p = new HeaderLiteral(text, location);
    Object v = p.value(0);
    p.ws();
    if (p.i != p.s.length()) {
      throw p.bad("unexpected text after the header literal");
    }
    return v;
  }

  private Object value(int depth) throws InvalidInputException {
    if (depth > MAX_DEPTH) {
      throw bad("header literal nested too deeply");
    }
    ws();
    if (i >= s.length()) {
      throw bad("header ends early");
    }
    char c = s.charAt(i);
    if (c == '{') {
      i++;
      Map<Object, Object> m = new LinkedHashMap<>();
      while (true) {
        ws();
        if (peek('}')) {
          return m;
        }
        Object k = value(depth + 1);
        ws();
        expect(':');
        Object v = value(depth + 1);
        if (m.put(k, v) != null) {
          throw bad("duplicate header key " + k);
        }
        ws();
        if (!peek(',')) {
          ws();
          expect('}');
          return m;
        }
      }
    }
    if (c == '(' || c == '[') {
      char close = c == '(' ? ')' : ']';
      i++;
      List<Object> l = new ArrayList<>();
      while (true) {
        ws();
        if (peek(close)) {
          return l;
        }
        l.add(value(depth + 1));
        ws();
        if (!peek(',')) {
          ws();
          expect(close);
          return l;
        }
      }
    }
    if (c == '\'' || c == '"') {
      int end = s.indexOf(c, i + 1);
      if (end < 0 || s.substring(i + 1, end).indexOf('\\') >= 0) {
        throw bad("unsupported string literal in header");
      }
      String v = s.substring(i + 1, end);
      i = end + 1;
      return v;
    }
    int start = i;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-'
        || s.charAt(i) == '_')) {
      i++;
    }
    String word = s.substring(start, i);
    switch (word) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return null;
      default:
        try {
          return Long.parseLong(word.replace("_", "").replaceFirst("L$", ""));
        } catch (NumberFormatException e) {
          throw bad("unexpected '" + (word.isEmpty() ? String.valueOf(c) : word) + "' in header");
        }
    }
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private boolean peek(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) throws InvalidInputException {
    if (!peek(c)) {
      throw bad("expected '" + c + "' at character " + i + " of the header");
    }
  }

  private InvalidInputException bad(String what) {
    return new InvalidInputException("numpy.header", what, location);
  }
}
