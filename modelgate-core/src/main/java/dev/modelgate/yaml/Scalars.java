package dev.modelgate.yaml;

import org.jspecify.annotations.Nullable;

/**
 * Values that start on a line already read up to their first character: aliases, node
 * properties, quoted, plain and block scalars, and flow collections, each with its continuation
 * lines. The reader's current line is the one holding {@code text}; afterwards it is the line
 * after the value.
 */
final class Scalars {
  static final int MAX_MULTILINE = 1 << 20;

  private Scalars() {}

  /** A value starting with {@code text}; continuation lines are indented more than {@code parent}. */
  static @Nullable Object value(Yaml y, String text, int parent, int depth)
      throws YamlException {
    String t = stripComment(text).strip();
    if (t.startsWith("*")) {
      y.nextLine();
      return y.alias(t.substring(1).strip());
    }
    if (t.startsWith("&") || t.startsWith("!")) {
      int sp = t.indexOf(' ');
      String prop = sp < 0 ? t : t.substring(0, sp);
      String rest = sp < 0 ? "" : t.substring(sp + 1);
      Object v;
      if (rest.isBlank()) {
        y.nextLine();
        v = y.block(parent + 1, depth + 1);
      } else {
        v = value(y, rest, parent, depth + 1);
      }
      if (prop.startsWith("&")) {
        y.anchor(prop.substring(1), v);
        return v;
      }
      return tagged(prop, v);
    }
    if (t.startsWith("\"") || t.startsWith("'")) {
      return quoted(y, text.strip());
    }
    if (t.startsWith("[") || t.startsWith("{")) {
      return flow(y, text.strip(), depth);
    }
    if (t.startsWith("|") || t.startsWith(">")) {
      y.nextLine();
      return blockScalar(y, t, parent);
    }
    if (t.startsWith("%") || t.startsWith("@") || t.startsWith("`") || t.startsWith("? ")) {
      throw y.error("unsupported YAML construct '" + t.charAt(0) + "'");
    }
    // plain scalar, possibly folded over more-indented lines
    StringBuilder s = new StringBuilder(t);
    y.nextLine();
    while (y.hasLine()) {
      String l = y.line();
      if (l.isBlank() || Yaml.indent(l) <= parent || l.stripLeading().startsWith("#")) {
        break;
      }
      String c = stripComment(l).strip();
      if (Yaml.keyEnd(c) >= 0 || c.startsWith("- ")) {
        throw y.error("a plain scalar continues with '" + Yaml.clip(c) + "'");
      }
      s.append(' ').append(c);
      y.nextLine();
    }
    return plain(s.toString());
  }

  static @Nullable Object plain(String s) {
    return switch (s) {
      case "", "~", "null", "Null", "NULL" -> null;
      default -> s;
    };
  }

  static @Nullable Object tagged(String tag, @Nullable Object v) {
    return switch (tag) {
      case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq" -> v;
      default -> new Yaml.Tagged(tag, v);
    };
  }

  /** A mapping key: plain or quoted on one line. */
  static String key(Yaml y, String k) throws YamlException {
    if (k.startsWith("\"") || k.startsWith("'")) {
      int end = quotedEnd(k, 0);
      if (end != k.length()) {
        throw y.error("malformed quoted key");
      }
      return unquote(y, k);
    }
    if (k.startsWith("&") || k.startsWith("*") || k.startsWith("!")) {
      throw y.error("anchors, aliases and tags on keys are not supported");
    }
    return k;
  }

  /** Index just after the closing quote of the quoted scalar at {@code p}, or -1. */
  static int quotedEnd(String s, int p) {
    char q = s.charAt(p);
    for (int k = p + 1; k < s.length(); k++) {
      char c = s.charAt(k);
      if (q == '"' && c == '\\') {
        k++;
      } else if (c == q) {
        if (q == '\'' && k + 1 < s.length() && s.charAt(k + 1) == '\'') {
          k++;
        } else {
          return k + 1;
        }
      }
    }
    return -1;
  }

  private static Object quoted(Yaml y, String first) throws YamlException {
    StringBuilder text = new StringBuilder(first);
    Scan scan = Scan.quoted(text);
    y.nextLine();
    int end;
    while ((end = scan.feed(text)) < 0) {
      if (!y.hasLine()) {
        throw y.error("unterminated quoted scalar");
      }
      String l = y.nextLine().strip();
      text.append(l.isEmpty() ? "\n" : " " + l); // line folding
      multiline(y, text);
    }
    String all = text.toString();
    String after = stripComment(all.substring(end)).strip();
    if (!after.isEmpty()) {
      throw y.error("text after a quoted scalar");
    }
    return unquote(y, all.substring(0, end));
  }

  static String unquote(Yaml y, String q) throws YamlException {
    String body = q.substring(1, q.length() - 1);
    if (q.charAt(0) == '\'') {
      return body.replace("''", "'");
    }
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < body.length(); k++) {
      char c = body.charAt(k);
      if (c != '\\') {
        s.append(c);
        continue;
      }
      if (++k >= body.length()) {
        throw y.error("unterminated escape");
      }
      char e = body.charAt(k);
      switch (e) {
        case 'n' -> s.append('\n');
        case 't' -> s.append('\t');
        case 'r' -> s.append('\r');
        case '0' -> s.append('\0');
        case ' ', '"', '\\', '/' -> s.append(e);
        case 'x', 'u', 'U' -> {
          int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          try {
            s.appendCodePoint(Integer.parseInt(body.substring(k + 1, k + 1 + n), 16));
          } catch (IllegalArgumentException | StringIndexOutOfBoundsException x) {
            throw y.error("bad \\" + e + " escape");
          }
          k += n;
        }
        default -> s.append(e); // \a \b \e \N ... : kept as the letter; names never need them
      }
    }
    return s.toString();
  }

  private static @Nullable Object flow(Yaml y, String first, int depth) throws YamlException {
    StringBuilder text = new StringBuilder(stripComment(first));
    Scan scan = Scan.flow();
    y.nextLine();
    while (scan.feed(text) < 0) {
      if (!y.hasLine()) {
        throw y.error("unterminated flow collection");
      }
      text.append(' ').append(stripComment(y.nextLine()).strip());
      multiline(y, text);
    }
    return new Flow(y, text.toString(), depth).parse();
  }

  /** Bounds a value gathered over many lines (real configs keep them short). */
  private static void multiline(Yaml y, StringBuilder text) throws YamlException {
    if (text.length() > MAX_MULTILINE) {
      throw y.limit("a value spread over lines is longer than " + MAX_MULTILINE + " characters");
    }
  }

  private static String blockScalar(Yaml y, String header, int parent) throws YamlException {
    boolean literal = header.charAt(0) == '|';
    String h = header.substring(1);
    boolean strip = h.contains("-");
    boolean keep = h.contains("+");
    int contentIndent = -1;
    StringBuilder s = new StringBuilder();
    int blank = 0;
    while (y.hasLine()) {
      String l = y.line();
      if (l.isBlank()) {
        blank++;
        y.nextLine();
        continue;
      }
      int ind = Yaml.indent(l);
      if (contentIndent < 0) {
        contentIndent = ind;
      }
      if (ind <= parent || ind < contentIndent) {
        break;
      }
      if (s.length() > 0) {
        s.append(literal ? "\n".repeat(blank + 1) : blank > 0 ? "\n".repeat(blank) : " ");
      }
      blank = 0;
      s.append(l.substring(contentIndent));
      y.nextLine();
    }
    if (!strip && s.length() > 0) {
      s.append('\n');
    }
    if (keep) {
      s.append("\n".repeat(blank));
    }
    return s.toString();
  }

  /** Removes a {@code #} comment that follows whitespace outside quotes. */
  static String stripComment(String s) {
    char quote = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          k++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        if (k == 0 || " [{,:".indexOf(s.charAt(k - 1)) >= 0) {
          quote = c;
        }
      } else if (c == '#' && (k == 0 || s.charAt(k - 1) == ' ' || s.charAt(k - 1) == '\t')) {
        return s.substring(0, k);
      }
    }
    return s;
  }
}
