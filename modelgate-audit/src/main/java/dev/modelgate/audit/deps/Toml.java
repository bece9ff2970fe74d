package dev.modelgate.audit.deps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small strict TOML 1.0 reader for pyproject.toml, poetry.lock, uv.lock and pylock.toml (our
 * own rather than a library: zero dependencies like core's JSON reader, and strict where TOML
 * readers disagree — duplicate keys, redefined tables and extending inline tables are errors).
 * Values: {@link Map} (ordered), {@link List}, String, Long or BigInteger, Double, Boolean; dates
 * and times are kept as their text.
 */
final class Toml {
  static final int MAX_DEPTH = 64;

  /** A syntax error with its 1-based line. */
  static final class TomlException extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    TomlException(String message, int line) {
      super("line " + line + ": " + message);
      this.line = line;
    }
  }

  private final String s;
  private int i;
  private int line = 1;
  private final Map<String, Object> root = new LinkedHashMap<>();
  /** Tables defined by a header or by dotted keys, and inline tables/arrays (frozen). */
  private final Set<Object> defined = java.util.Collections.newSetFromMap(
      new java.util.IdentityHashMap<>());
  private final Set<Object> frozen = java.util.Collections.newSetFromMap(
      new java.util.IdentityHashMap<>());
  private final Set<Object> arraysOfTables = java.util.Collections.newSetFromMap(
      new java.util.IdentityHashMap<>());

  private Toml(String s) {
    this.s = s;
  }

  static Map<String, Object> parse(String text) throws TomlException {
    Toml t = new Toml(text);
    t.document();
    return t.root;
  }

  private void document() throws TomlException {
    Map<String, Object> current = root;
    while (true) {
      skipBlankLines();
      if (i >= s.length()) {
        return;
      }
      char c = s.charAt(i);
      if (c == '[') {
        current = header();
      } else {
        keyValue(current);
      }
      endOfLine();
    }
  }

  private Map<String, Object> header() throws TomlException {
    boolean array = s.startsWith("[[", i);
    i += array ? 2 : 1;
    ws();
    List<String> key = key();
    ws();
    if (!s.startsWith(array ? "]]" : "]", i)) {
      throw error("expected " + (array ? "]]" : "]") + " after the table name");
    }
    i += array ? 2 : 1;
    Map<String, Object> table = root;
    for (int k = 0; k < key.size() - 1; k++) {
      table = descend(table, key.get(k), true);
    }
    String last = key.get(key.size() - 1);
    Object existing = table.get(last);
    if (array) {
      List<Object> list;
      if (existing == null) {
        list = new ArrayList<>();
        table.put(last, list);
        arraysOfTables.add(list);
      } else if (existing instanceof List<?> l && arraysOfTables.contains(l)) {
        @SuppressWarnings("unchecked")
        List<Object> cast = (List<Object>) l;
        list = cast;
      } else {
        throw error("'" + String.join(".", key) + "' is not an array of tables");
      }
      Map<String, Object> t = new LinkedHashMap<>();
      list.add(t);
      defined.add(t);
      return t;
    }
    if (existing == null) {
      Map<String, Object> t = new LinkedHashMap<>();
      table.put(last, t);
      defined.add(t);
      return t;
    }
    if (existing instanceof Map<?, ?> m && !defined.contains(m) && !frozen.contains(m)) {
      defined.add(m);
      @SuppressWarnings("unchecked")
      Map<String, Object> cast = (Map<String, Object>) m;
      return cast;
    }
    throw error("table '" + String.join(".", key) + "' defined twice");
  }

  /** The sub-table {@code name} of {@code t}, created when absent (implicitly defined). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> descend(Map<String, Object> t, String name, boolean header)
      throws TomlException {
    Object v = t.get(name);
    if (v == null) {
      Map<String, Object> m = new LinkedHashMap<>();
      t.put(name, m);
      return m;
    }
    if (v instanceof Map<?, ?> m && !frozen.contains(m)) {
      return (Map<String, Object>) m;
    }
    if (header && v instanceof List<?> l && arraysOfTables.contains(l) && !l.isEmpty()) {
      return (Map<String, Object>) l.get(l.size() - 1);
    }
    throw error("key '" + name + "' is not a table");
  }

  private void keyValue(Map<String, Object> table) throws TomlException {
    List<String> key = key();
    ws();
    if (i >= s.length() || s.charAt(i) != '=') {
      throw error("expected '=' after a key");
    }
    i++;
    ws();
    Object value = value(0);
    Map<String, Object> t = table;
    for (int k = 0; k < key.size() - 1; k++) {
      t = descend(t, key.get(k), false);
    }
    String last = key.get(key.size() - 1);
    if (t.containsKey(last)) {
      throw error("duplicate key '" + String.join(".", key) + "'");
    }
    t.put(last, value);
  }

  private List<String> key() throws TomlException {
    List<String> parts = new ArrayList<>();
    while (true) {
      ws();
      if (i >= s.length()) {
        throw error("expected a key");
      }
      char c = s.charAt(i);
      if (c == '"') {
        parts.add(basicString());
      } else if (c == '\'') {
        parts.add(literalString());
      } else {
        int start = i;
        while (i < s.length() && ((Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 128)
            || s.charAt(i) == '_' || s.charAt(i) == '-')) {
          i++;
        }
        if (start == i) {
          throw error("expected a key");
        }
        parts.add(s.substring(start, i));
      }
      ws();
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        continue;
      }
      return parts;
    }
  }

  private Object value(int depth) throws TomlException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (i >= s.length()) {
      throw error("expected a value");
    }
    char c = s.charAt(i);
    if (c == '"') {
      return s.startsWith("\"\"\"", i) ? multilineBasic() : basicString();
    }
    if (c == '\'') {
      return s.startsWith("'''", i) ? multilineLiteral() : literalString();
    }
    if (c == '[') {
      return array(depth);
    }
    if (c == '{') {
      return inlineTable(depth);
    }
    if (s.startsWith("true", i) && !bareChar(i + 4)) {
      i += 4;
      return true;
    }
    if (s.startsWith("false", i) && !bareChar(i + 5)) {
      i += 5;
      return false;
    }
    return TomlScalars.number(this::error, scalarToken());
  }

  private boolean bareChar(int k) {
    return k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_');
  }

  private String scalarToken() throws TomlException {
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ',' || c == ']' || c == '}' || c == '\n' || c == '\r' || c == '#') {
        break;
      }
      if (c == ' ' || c == '\t') {
        // a date and a time may be separated by one space: 1979-05-27 07:32:00
        if (i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)) && i - start == 10
            && s.charAt(start + 4) == '-') {
          i++;
          continue;
        }
        break;
      }
      i++;
    }
    if (start == i) {
      throw error("expected a value");
    }
    return s.substring(start, i);
  }

  private List<Object> array(int depth) throws TomlException {
    i++;
    List<Object> out = new ArrayList<>();
    while (true) {
      skipWsCommentsNewlines();
      if (i < s.length() && s.charAt(i) == ']') {
        i++;
        frozen.add(out);
        return out;
      }
      out.add(value(depth + 1));
      skipWsCommentsNewlines();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else if (i < s.length() && s.charAt(i) == ']') {
        i++;
        frozen.add(out);
        return out;
      } else {
        throw error("expected ',' or ']' in an array");
      }
    }
  }

  private Map<String, Object> inlineTable(int depth) throws TomlException {
    i++;
    Map<String, Object> out = new LinkedHashMap<>();
    ws();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      frozen.add(out);
      return out;
    }
    while (true) {
      ws();
      List<String> key = key();
      ws();
      if (i >= s.length() || s.charAt(i) != '=') {
        throw error("expected '=' in an inline table");
      }
      i++;
      ws();
      Object v = value(depth + 1);
      Map<String, Object> t = out;
      for (int k = 0; k < key.size() - 1; k++) {
        t = descend(t, key.get(k), false);
      }
      if (t.containsKey(key.get(key.size() - 1))) {
        throw error("duplicate key '" + String.join(".", key) + "'");
      }
      t.put(key.get(key.size() - 1), v);
      ws();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else if (i < s.length() && s.charAt(i) == '}') {
        i++;
        freezeAll(out);
        return out;
      } else {
        throw error("expected ',' or '}' in an inline table");
      }
    }
  }

  private void freezeAll(Object o) {
    if (o instanceof Map<?, ?> m) {
      frozen.add(m);
      m.values().forEach(this::freezeAll);
    }
  }

  private String basicString() throws TomlException {
    i++;
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i >= s.length() || s.charAt(i) == '\n') {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        i = TomlScalars.escape(this::error, s, i, b);
      } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw error("control character in a string");
      } else {
        b.append(c);
      }
    }
  }

  private String multilineBasic() throws TomlException {
    i += 3;
    if (s.startsWith("\r\n", i)) {
      i += 2;
      line++;
    } else if (s.startsWith("\n", i)) {
      i++;
      line++;
    }
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated multi-line string");
      }
      if (s.startsWith("\"\"\"", i)) {
        int extra = 0;
        while (extra < 2 && s.startsWith("\"", i + 3 + extra)) {
          extra++;
        }
        b.append("\"".repeat(extra));
        i += 3 + extra;
        return b.toString();
      }
      char c = s.charAt(i++);
      if (c == '\n') {
        line++;
      }
      if (c == '\\') {
        int k = i;
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
          k++;
        }
        if (k < s.length() && (s.charAt(k) == '\n' || s.charAt(k) == '\r')) {
          // line-ending backslash: drop the newline and the whitespace after it
          i = k;
          while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            if (s.charAt(i) == '\n') {
              line++;
            }
            i++;
          }
          continue;
        }
        i = TomlScalars.escape(this::error, s, i, b);
      } else {
        b.append(c);
      }
    }
  }

  private String literalString() throws TomlException {
    int end = s.indexOf('\'', i + 1);
    int nl = s.indexOf('\n', i + 1);
    if (end < 0 || (nl >= 0 && nl < end)) {
      throw error("unterminated literal string");
    }
    String out = s.substring(i + 1, end);
    i = end + 1;
    return out;
  }

  private String multilineLiteral() throws TomlException {
    int start = i + 3;
    if (s.startsWith("\r\n", start)) {
      start += 2;
    } else if (s.startsWith("\n", start)) {
      start++;
    }
    int end = s.indexOf("'''", start);
    if (end < 0) {
      throw error("unterminated multi-line literal string");
    }
    while (end + 3 < s.length() && s.charAt(end + 3) == '\'' && end + 3 - start < s.length()) {
      end++;
    }
    String out = s.substring(start, end);
    line += (int) out.chars().filter(ch -> ch == '\n').count();
    i = end + 3;
    return out;
  }

  private void ws() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }

  private void skipComment() throws TomlException {
    if (i < s.length() && s.charAt(i) == '#') {
      while (i < s.length() && s.charAt(i) != '\n') {
        char c = s.charAt(i);
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
          throw error("control character in a comment");
        }
        i++;
      }
    }
  }

  private void skipBlankLines() throws TomlException {
    skipWsCommentsNewlines();
  }

  private void skipWsCommentsNewlines() throws TomlException {
    while (true) {
      ws();
      skipComment();
      if (i < s.length() && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
        if (s.charAt(i) == '\n') {
          line++;
        }
        i++;
        continue;
      }
      return;
    }
  }

  private void endOfLine() throws TomlException {
    ws();
    skipComment();
    if (i < s.length() && s.charAt(i) == '\r') {
      i++;
    }
    if (i < s.length() && s.charAt(i) != '\n') {
      throw error("expected the end of the line");
    }
  }

  TomlException error(String message) {
    return new TomlException(message, line);
  }
}
