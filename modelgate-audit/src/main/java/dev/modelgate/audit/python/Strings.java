package dev.modelgate.audit.python;

/** String literals: their constant value, or the literal prefix of an f-string. */
final class Strings {
  private Strings() {}

  /** The value of a literal without interpolations (escapes decoded simply), or null. */
  static String constant(Node e) {
    if (e.is("concatenated_string")) {
      StringBuilder b = new StringBuilder();
      for (Node c : e.named()) {
        String s = constant(c);
        if (s == null) {
          return null;
        }
        b.append(s);
      }
      return b.toString();
    }
    if (!e.is("string")) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (Node c : e.children) {
      switch (c.type) {
        case "interpolation" -> {
          return null;
        }
        case "string_content" -> b.append(c.text());
        case "escape_sequence" -> b.append(unescape(c.text()));
        default -> { }
      }
    }
    return b.toString();
  }

  /** The text before the first interpolation of an f-string (all of a plain literal). */
  static String prefix(Node e) {
    if (!e.is("string")) {
      return constant(e);
    }
    StringBuilder b = new StringBuilder();
    for (Node c : e.children) {
      if (c.is("interpolation")) {
        break;
      }
      if (c.is("string_content")) {
        b.append(c.text());
      } else if (c.is("escape_sequence")) {
        b.append(unescape(c.text()));
      }
    }
    return b.toString();
  }

  private static String unescape(String esc) {
    if (esc.length() < 2) {
      return esc;
    }
    return switch (esc.charAt(1)) {
      case 'n' -> "\n";
      case 't' -> "\t";
      case '\\' -> "\\";
      case '\'' -> "'";
      case '"' -> "\"";
      default -> esc;
    };
  }
}
