package dev.modelgate.format.numpy;

import dev.modelgate.io.InvalidInputException;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The tokens of a Python expression as CPython 3's tokenizer reads them, for the literals
 * {@code ast.literal_eval} evaluates: strings (every prefix and escape), numbers (every base,
 * underscores, floats, imaginary), names and punctuation. Whitespace is what CPython's is (space,
 * tab, form feed; newlines inside brackets; comments; backslash continuations), nothing more: a
 * vertical tab or a no-break space is a syntax error to Python, so it is one here. Tokens are read
 * on demand by {@link HeaderLiteral}, which owns the bracket depth.
 */
final class PyLexer {
  /** Python 3.11 refuses decimal literals longer than this ({@code sys.int_info}). */
  static final int MAX_DECIMAL_DIGITS = 4300;

  enum Kind { STRING, NUMBER, NAME, OP, NEWLINE, END }

  /**
   * One token. {@code value}: a String or {@link PyValue.Bytes} for strings (null for an
   * f-string, which is no constant), a BigInteger, Double or {@link PyValue.Complex} for
   * numbers ({@link PyValue#LARGE_INT} for a huge non-decimal integer); {@code text}: the
   * name or operator.
   */
  record Token(Kind kind, String text, @Nullable Object value, int at) {}

  private static final Pattern NUMBER = Pattern.compile(
      "0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+"
          + "|(?:(?:\\d(?:_?\\d)*)?\\.\\d(?:_?\\d)*|\\d(?:_?\\d)*\\.?)(?:[eE][+-]?\\d(?:_?\\d)*)?[jJ]?");

  private final String s;
  private final String location;
  private final boolean py2Longs;
  private int i;

  /**
   * @param py2Longs drop an {@code L} after a number, as numpy's {@code _filter_header} does for
   *     version 1 and 2 headers written by Python 2 (only ever needed where Python 3 sees a
   *     syntax error, so accepting it changes no header Python 3 reads)
   */
  PyLexer(String s, boolean py2Longs, String location) {
    this.s = s;
    this.py2Longs = py2Longs;
    this.location = location;
  }

  int position() {
    return i;
  }

  /** Skips what separates tokens; {@code inBrackets}: newlines do too. */
  void skipSpace(boolean inBrackets) throws InvalidInputException {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\f' || (inBrackets && c == '\n')) {
        i++;
      } else if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\\') {
        if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') {
          throw syntax("unexpected character after line continuation character");
        }
        if (i + 2 >= s.length()) {
          throw syntax("unexpected end of input after a line continuation");
        }
        i += 2;
      } else {
        return;
      }
    }
  }

  /**
   * Skips blank lines (only whitespace or a comment) from the start of a line; returns the
   * indentation of the first line that is not blank, as CPython measures it (a form feed resets
   * it), or -1 at the end of the input. A last line of only whitespace without a newline is not
   * blank to CPython (it reads it as an indented empty line), so it reports that indentation.
   */
  int skipBlankLines() {
    while (true) {
      int col = 0;
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t'
          || s.charAt(i) == '\f')) {
        col = s.charAt(i) == '\f' ? 0 : col + 1;
        i++;
      }
      if (i >= s.length()) {
        return col > 0 ? col : -1;
      }
      char c = s.charAt(i);
      if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
        if (i >= s.length()) {
          return -1;
        }
      }
      if (s.charAt(i) != '\n') {
        return col;
      }
      i++;
    }
  }

  /** The next token; spaces must have been skipped. */
  Token next() throws InvalidInputException {
    if (i >= s.length()) {
      return new Token(Kind.END, "", null, i);
    }
    int at = i;
    char c = s.charAt(i);
    if (c == '\n') {
      i++;
      return new Token(Kind.NEWLINE, "\n", null, at);
    }
    if (c == '\'' || c == '"') {
      return new Token(Kind.STRING, "", PyStrings.read(this, ""), at);
    }
    if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < s.length() && isDigit(s.charAt(i + 1)))) {
      return number(at);
    }
    if (c == '.' && s.startsWith("...", i)) {
      i += 3;
      return new Token(Kind.OP, "...", null, at);
    }
    if (isNameStart(c)) {
      int end = i;
      while (end < s.length() && isNameChar(s.charAt(end))) {
        end++;
      }
      String word = s.substring(i, end);
      if (end < s.length() && (s.charAt(end) == '\'' || s.charAt(end) == '"')
          && PyStrings.isPrefix(word)) {
        i = end;
        return new Token(Kind.STRING, "", PyStrings.read(this, word), at);
      }
      i = end;
      return new Token(Kind.NAME, word, null, at);
    }
    if (c > 0x7f) {
      // a letter starts a name (never a literal); anything else is no Python token
      throw Character.isLetter(c) ? malformed("a name") : syntax("invalid character U+"
          + String.format("%04X", (int) c));
    }
    i++;
    return new Token(Kind.OP, String.valueOf(c), null, at);
  }

  private Token number(int at) throws InvalidInputException {
    Matcher m = NUMBER.matcher(s).region(i, s.length());
    if (!m.lookingAt()) {
      throw syntax("invalid number");
    }
    String text = m.group();
    int end = m.end();
    int l = py2Longs ? py2Long(end) : -1;
    if (l >= 0) {
      end = l; // Python 2's long suffix, which numpy's header filter drops
    } else if (end < s.length() && isNameChar(s.charAt(end))) {
      throw syntax("invalid number literal");
    }
    i = end;
    return new Token(Kind.NUMBER, text, value(text), at);
  }

  /**
   * Where the name {@code L} that follows a number at {@code from} ends, or -1. numpy's filter
   * drops a NAME token {@code L} right after a NUMBER token; only what Python's tokenize emits
   * no token for (spaces, tabs, form feeds, line continuations) may lie between them.
   */
  private int py2Long(int from) {
    int j = from;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == ' ' || c == '\t' || c == '\f') {
        j++;
      } else if (c == '\\' && j + 1 < s.length() && s.charAt(j + 1) == '\n') {
        j += 2;
      } else {
        break;
      }
    }
    return j < s.length() && s.charAt(j) == 'L'
        && (j + 1 >= s.length() || !isNameChar(s.charAt(j + 1))) ? j + 1 : -1;
  }

  private Object value(String text) throws InvalidInputException {
    String t = text.replace("_", "");
    char last = t.charAt(t.length() - 1);
    if (last == 'j' || last == 'J') {
      return new PyValue.Complex(0, Double.parseDouble(t.substring(0, t.length() - 1)));
    }
    if (t.length() > 1 && t.charAt(0) == '0' && "xXoObB".indexOf(t.charAt(1)) >= 0) {
      int radix = switch (t.charAt(1)) {
        case 'x', 'X' -> 16;
        case 'o', 'O' -> 8;
        default -> 2;
      };
      // BigInteger reads long digit strings in quadratic time; such a number fits no int64,
      // which is all a header ever needs of one
      return t.length() - 2 > MAX_DECIMAL_DIGITS ? PyValue.LARGE_INT
          : new BigInteger(t.substring(2), radix);
    }
    if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
      return Double.parseDouble(t);
    }
    if (t.length() > 1 && t.charAt(0) == '0' && !t.chars().allMatch(ch -> ch == '0')) {
      throw syntax("leading zeros in decimal integer literals are not permitted");
    }
    if (t.length() > MAX_DECIMAL_DIGITS) {
      throw syntax("an integer of " + t.length() + " digits exceeds Python's limit of "
          + MAX_DECIMAL_DIGITS);
    }
    return new BigInteger(t);
  }

  // for PyStrings

  String text() {
    return s;
  }

  void advance(int to) {
    i = to;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || isDigit(c) || (c > 0x7f && Character.isLetterOrDigit(c));
  }

  /** Python would raise SyntaxError: numpy cannot read the header either. */
  InvalidInputException syntax(String what) {
    return new InvalidInputException("numpy.header", "header is not a Python literal ("
        + what + " at character " + i + ")", location);
  }

  /** Python may read this; this lexer cannot (a character name the JDK does not know). */
  InvalidInputException unsupported(String what) {
    return new HeaderLiteral.Unsupported("header spells something numpy may read but this"
        + " reader cannot: " + what, location);
  }

  /** Valid syntax, but not a literal {@code ast.literal_eval} evaluates (a name, a call). */
  InvalidInputException malformed(String what) {
    return new InvalidInputException("numpy.header", "header holds " + what + " at character "
        + i + ", which ast.literal_eval refuses", location);
  }
}
