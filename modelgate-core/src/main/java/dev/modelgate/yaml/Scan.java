package dev.modelgate.yaml;

/**
 * Incremental scan of text gathered line by line for a multi-line flow collection or quoted
 * scalar: each call looks only at what was appended since the last, so a value spread over many
 * lines costs time linear in its length.
 */
final class Scan {
  private final boolean flow;
  private int pos;
  private int open;
  private char quote;

  private Scan(boolean flow) {
    this.flow = flow;
  }

  /** For a quoted scalar: starts inside the quote that opens {@code text}. */
  static Scan quoted(CharSequence text) {
    Scan s = new Scan(false);
    s.quote = text.charAt(0);
    s.pos = 1;
    return s;
  }

  /** For a flow collection: starts outside any quote. */
  static Scan flow() {
    return new Scan(true);
  }

  /**
   * Scans the new part of {@code s}; returns the index after the closing quote of a quoted
   * scalar, or after the bracket balancing a flow collection, or -1 when more text is needed.
   */
  int feed(CharSequence s) {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          if (pos + 1 >= s.length()) {
            return -1; // the escaped character comes with the next line
          }
          pos++;
        } else if (c == quote) {
          if (quote == '\'' && pos + 1 < s.length() && s.charAt(pos + 1) == '\'') {
            pos++;
          } else { // lines are joined with a space, so a quote ending a line closes
            quote = 0;
            if (!flow) {
              return ++pos;
            }
          }
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        open++;
      } else if ((c == ']' || c == '}') && --open <= 0) {
        return ++pos;
      }
      pos++;
    }
    return -1;
  }
}
