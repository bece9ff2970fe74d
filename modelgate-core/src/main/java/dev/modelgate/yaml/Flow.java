package dev.modelgate.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Flow collections ({@code [a, b]}, {@code {k: v}}), nested, gathered onto one string. */
final class Flow {
  private final Yaml y;
  private final String s;
  private final int baseDepth;
  private int p;

  Flow(Yaml y, String s, int depth) {
    this.y = y;
    this.s = s;
    this.baseDepth = depth;
  }

  @Nullable Object parse() throws YamlException {
    Object v = node(baseDepth);
    space();
    if (p != s.length()) {
      throw y.error("text after a flow collection");
    }
    return v;
  }

  private @Nullable Object node(int depth) throws YamlException {
    if (depth > 100 + baseDepth) {
      throw y.limit("flow collections nested too deep");
    }
    space();
    if (p >= s.length()) {
      throw y.error("flow collection ends early");
    }
    char c = s.charAt(p);
    if (c == '[') {
      p++;
      List<Object> out = y.count(new ArrayList<>());
      items(']', () -> out.add(node(depth + 1)));
      y.size(out, out);
      return out;
    }
    if (c == '{') {
      p++;
      Map<String, Object> out = y.count(new LinkedHashMap<>());
      items('}', () -> {
        Object k = node(depth + 1);
        space();
        Object v = null;
        if (p < s.length() && s.charAt(p) == ':') {
          p++;
          v = node(depth + 1);
        }
        String key = String.valueOf(k);
        if (out.containsKey(key)) {
          throw y.error("duplicate key '" + Yaml.clip(key) + "'");
        }
        out.put(key, v);
      });
      y.size(out, out.values());
      return out;
    }
    if (c == '"' || c == '\'') {
      int end = Scalars.quotedEnd(s, p);
      if (end < 0) {
        throw y.error("unterminated quoted scalar");
      }
      String q = s.substring(p, end);
      p = end;
      return y.count(Scalars.unquote(y, q));
    }
    if (c == '*') {
      int start = ++p;
      while (p < s.length() && ",]} ".indexOf(s.charAt(p)) < 0) {
        p++;
      }
      return y.alias(s.substring(start, p));
    }
    int start = p;
    while (p < s.length() && ",]}".indexOf(s.charAt(p)) < 0
        && !(s.charAt(p) == ':' && (p + 1 == s.length() || " ,]}".indexOf(s.charAt(p + 1)) >= 0))) {
      if (s.charAt(p) == '[' || s.charAt(p) == '{') {
        throw y.error("bracket inside a plain flow scalar");
      }
      p++;
    }
    Object scalar = Scalars.plain(s.substring(start, p).strip());
    y.count();
    return scalar;
  }

  private interface Item {
    void read() throws YamlException;
  }

  private void items(char close, Item item) throws YamlException {
    space();
    if (p < s.length() && s.charAt(p) == close) {
      p++;
      return;
    }
    while (true) {
      item.read();
      space();
      if (p >= s.length()) {
        throw y.error("flow collection is not closed");
      }
      char c = s.charAt(p++);
      if (c == close) {
        return;
      }
      if (c != ',') {
        throw y.error("expected ',' or '" + close + "' in a flow collection");
      }
      space();
      if (p < s.length() && s.charAt(p) == close) { // trailing comma
        p++;
        return;
      }
    }
  }

  private void space() {
    while (p < s.length() && s.charAt(p) == ' ') {
      p++;
    }
  }
}
