package dev.modelgate.server.web;

/**
 * Builds HTML with every value escaped. Hostile file names, tensor names, pickle strings and
 * chat templates reach these pages; {@link #text} is the only way a value enters markup, so none
 * of them can become a tag, an attribute or a URL scheme.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(4096);

  /** Escapes for text and for double-quoted attribute values alike. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // control characters (except tab/newline) would only confuse a reader
          if (c < 0x20 && c != '\t' && c != '\n') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** Percent-encodes a query value (the page's own links carry filter values). */
  static String q(String s) {
    return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Appends trusted markup written in this package (never data). */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends a value as text. */
  Html text(Object value) {
    out.append(esc(value == null ? "" : String.valueOf(value)));
    return this;
  }

  /** Appends {@code <tag>value</tag>} with the value escaped. */
  Html el(String tag, Object value) {
    return raw("<" + tag + ">").text(value).raw("</" + tag.split(" ", 0)[0] + ">");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
