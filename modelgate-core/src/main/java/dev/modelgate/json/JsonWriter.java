package dev.modelgate.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the value model of {@link Json} ({@link Map}, {@link List}, strings, numbers, booleans,
 * null) as JSON, compact or indented with two spaces. Map order is kept.
 */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  private final boolean pretty;

  private JsonWriter(boolean pretty) {
    this.pretty = pretty;
  }

  public static String write(Object value, boolean pretty) {
    JsonWriter w = new JsonWriter(pretty);
    w.value(value, 0);
    return w.out.toString();
  }

  /** A JSON string literal for {@code s}, quotes included. */
  public static String quote(String s) {
    JsonWriter w = new JsonWriter(false);
    w.string(s);
    return w.out.toString();
  }

  private void value(Object v, int depth) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String str) {
      string(str);
    } else if (v instanceof Boolean b) {
      out.append(b);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append("null");
      } else {
        out.append(v);
      }
    } else if (v instanceof BigDecimal bd) {
      out.append(bd.toString());
    } else if (v instanceof BigInteger || v instanceof Long || v instanceof Integer
        || v instanceof Short || v instanceof Byte) {
      out.append(v);
    } else if (v instanceof Map<?, ?> m) {
      object(m, depth);
    } else if (v instanceof List<?> l) {
      array(l, depth);
    } else if (v instanceof Enum<?> e) {
      string(e.name().toLowerCase(java.util.Locale.ROOT));
    } else {
      string(v.toString());
    }
  }

  private void object(Map<?, ?> m, int depth) {
    if (m.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<?, ?> e = it.next();
      newline(depth + 1);
      string(String.valueOf(e.getKey()));
      out.append(pretty ? ": " : ":");
      value(e.getValue(), depth + 1);
      if (it.hasNext()) {
        out.append(',');
      }
    }
    newline(depth);
    out.append('}');
  }

  private void array(List<?> l, int depth) {
    if (l.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    for (int k = 0; k < l.size(); k++) {
      newline(depth + 1);
      value(l.get(k), depth + 1);
      if (k + 1 < l.size()) {
        out.append(',');
      }
    }
    newline(depth);
    out.append(']');
  }

  private void newline(int depth) {
    if (pretty) {
      out.append('\n');
      out.append("  ".repeat(depth));
    }
  }

  private void string(String s) {
    out.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029
              || (Character.isSurrogate(c) && !validPair(s, k))) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean validPair(String s, int k) {
    char c = s.charAt(k);
    if (Character.isHighSurrogate(c)) {
      return k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1));
    }
    return k > 0 && Character.isHighSurrogate(s.charAt(k - 1));
  }
}
