package dev.modelgate.report;

/**
 * Makes text that a hostile file chose (member and file names, pickle globals, tensor names,
 * messages quoting them) safe to print on a terminal or into a log, where it would otherwise be
 * read as commands: ESC and CSI sequences clear the screen, set the title or recolour the
 * output, CR and LF forge whole lines ({@code clean  model.pt}), bidi overrides make text read
 * differently from what it is. Every such character is written as a visible escape instead:
 * {@code \n}, {@code \r}, {@code \t}, {@code \x1b} for the other C0 and C1 controls and DEL,
 * {@code \u202e} for bidi and other invisible format characters, line and paragraph separators
 * and unpaired surrogates. Everything else, including non-Latin letters, is kept. This is the one
 * escaper for every text output (scan reports, the inspect table, hash output, command messages,
 * errors, the progress line); JSON and SARIF escape by their own rules.
 */
public final class TerminalText {
  private TerminalText() {}

  /** {@code s} with every character a terminal or log would interpret written as an escape. */
  public static String escape(String s) {
    if (s == null) {
      return "null";
    }
    int k = 0;
    while (k < s.length() && !needsEscape(s, k)) {
      k += Character.charCount(s.codePointAt(k));
    }
    if (k == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, k);
    while (k < s.length()) {
      int cp = s.codePointAt(k);
      int n = Character.charCount(cp);
      if (!needsEscape(s, k)) {
        b.appendCodePoint(cp);
      } else if (cp == '\n') {
        b.append("\\n");
      } else if (cp == '\r') {
        b.append("\\r");
      } else if (cp == '\t') {
        b.append("\\t");
      } else if (cp < 0x100) {
        b.append(String.format("\\x%02x", cp));
      } else if (cp < 0x10000) {
        b.append(String.format("\\u%04x", cp));
      } else {
        b.append(String.format("\\U%08x", cp));
      }
      k += n;
    }
    return b.toString();
  }

  /** Shorthand for {@code escape(String.valueOf(o))}. */
  public static String of(Object o) {
    return escape(String.valueOf(o));
  }

  private static boolean needsEscape(String s, int at) {
    char c = s.charAt(at);
    if (c >= 0x20 && c < 0x7f) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      if (at + 1 < s.length() && Character.isLowSurrogate(s.charAt(at + 1))) {
        return Character.getType(s.codePointAt(at)) == Character.FORMAT; // tag characters
      }
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> true;
      default -> false;
    };
  }
}
