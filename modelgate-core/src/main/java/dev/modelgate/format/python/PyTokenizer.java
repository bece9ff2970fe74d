package dev.modelgate.format.python;

import dev.modelgate.io.Budget;
import dev.modelgate.io.InvalidInputException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits Python source into logical lines of tokens the way CPython's tokenizer does for what
 * matters here: names (NFKC-normalised, as Python compares identifiers), numbers, string
 * literals with every prefix and quote form, operators, brackets that join physical lines,
 * backslash continuations, comments and {@code ;}. Indentation is kept as each logical line's
 * column. It is bounded by the file's work budget (one step per character) and never evaluates
 * anything; an unterminated string or bracket is an error, as it is for Python.
 */
final class PyTokenizer {
  enum Kind { NAME, NUMBER, STRING, OP }

  /**
   * @param text the token as written (a name after NFKC normalisation)
   * @param fString a string literal with an {@code f} prefix: it holds expressions
   */
  record Token(Kind kind, String text, int line, boolean fString) {
    boolean is(String s) {
      return (kind == Kind.OP || kind == Kind.NAME) && text.equals(s);
    }

    boolean opens() {
      return kind == Kind.OP && (text.equals("(") || text.equals("[") || text.equals("{"));
    }

    boolean closes() {
      return kind == Kind.OP && (text.equals(")") || text.equals("]") || text.equals("}"));
    }
  }

  /** One logical line (or one {@code ;}-separated part of it): its tokens, first line, indent. */
  record Line(List<Token> tokens, int line, int indent) {}

  /** Source that Python itself would refuse to tokenize. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    Malformed(String message, int line) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  private static final String[] OPS = {"**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==",
      "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=",
      "<>"};
  private static final String SINGLE = "()[]{},:;.+-*/%&|^~<>=@!";

  private final String s;
  private final Budget budget;
  private final String location;
  private int at;
  private int line = 1;

  private PyTokenizer(String s, Budget budget, String location) {
    this.s = s;
    this.budget = budget;
    this.location = location;
  }

  static List<Line> lines(String source, Budget budget, String location)
      throws Malformed, InvalidInputException {
    budget.work(source.length(), "Python source", location);
    return new PyTokenizer(source, budget, location).run();
  }

  private List<Line> run() throws Malformed, InvalidInputException {
    List<Line> out = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    int depth = 0;
    int indent = 0;
    boolean lineStart = true;
    while (at < s.length()) {
      char c = s.charAt(at);
      if (lineStart) {
        int col = 0;
        while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t'
            || s.charAt(at) == '\f')) {
          col = s.charAt(at) == '\t' ? (col / 8 + 1) * 8 : col + 1;
          at++;
        }
        indent = col;
        lineStart = false;
        continue;
      }
      if (c == '\n' || c == '\r') {
        at += c == '\r' && at + 1 < s.length() && s.charAt(at + 1) == '\n' ? 2 : 1;
        line++;
        if (depth == 0) {
          flush(out, cur, indent);
          cur = new ArrayList<>();
          lineStart = true;
        }
      } else if (c == ' ' || c == '\t' || c == '\f') {
        at++;
      } else if (c == '#') {
        while (at < s.length() && s.charAt(at) != '\n' && s.charAt(at) != '\r') {
          at++;
        }
      } else if (c == '\\') {
        int k = at + 1;
        if (k < s.length() && s.charAt(k) == '\r') {
          k++;
        }
        if (k < s.length() && s.charAt(k) == '\n') {
          k++;
        }
        if (k == at + 1) {
          throw new Malformed("unexpected character after line continuation", line);
        }
        at = k;
        line++;
      } else if (c == ';' && depth == 0) {
        at++;
        flush(out, cur, indent);
        cur = new ArrayList<>();
      } else if (Character.isDigit(c) || (c == '.' && at + 1 < s.length()
          && Character.isDigit(s.charAt(at + 1)))) {
        cur.add(number());
      } else if (c == '_' || Character.isLetter(c) || Character.isUnicodeIdentifierStart(c)
          || Character.isHighSurrogate(c)) {
        int start = at;
        String prefix = name();
        if (at < s.length() && (s.charAt(at) == '\'' || s.charAt(at) == '"')
            && prefix.length() <= 2 && prefix.toLowerCase(Locale.ROOT).matches("[rbuf]+")) {
          cur.add(string(prefix.toLowerCase(Locale.ROOT).contains("f")));
        } else {
          cur.add(new Token(Kind.NAME, Normalizer.normalize(s.substring(start, at),
              Normalizer.Form.NFKC), line, false));
        }
      } else if (c == '\'' || c == '"') {
        cur.add(string(false));
      } else {
        Token t = op();
        if ("([{".contains(t.text())) {
          depth++;
        } else if (")]}".contains(t.text())) {
          if (--depth < 0) {
            throw new Malformed("unmatched '" + t.text() + "'", line);
          }
        }
        cur.add(t);
      }
    }
    if (depth > 0) {
      throw new Malformed("a bracket is never closed", line);
    }
    flush(out, cur, indent);
    return out;
  }

  private void flush(List<Line> out, List<Token> cur, int indent)
      throws InvalidInputException {
    if (!cur.isEmpty()) {
      budget.memory(48L * cur.size() + 64, "Python tokens", location);
      out.add(new Line(List.copyOf(cur), cur.get(0).line(), indent));
    }
  }

  private String name() {
    int start = at;
    while (at < s.length()) {
      int cp = s.codePointAt(at);
      if (cp == '_' || Character.isLetterOrDigit(cp) || (Character.isUnicodeIdentifierPart(cp)
          && !Character.isIdentifierIgnorable(cp))) {
        at += Character.charCount(cp);
      } else {
        break;
      }
    }
    if (at == start) {
      at++; // a lone surrogate or other oddity: one char, judged as an unknown name
    }
    return s.substring(start, at);
  }

  private Token number() {
    int start = at;
    while (at < s.length()) {
      char c = s.charAt(at);
      boolean sign = (c == '+' || c == '-') && at > start
          && (s.charAt(at - 1) | 0x20) == 'e' && !s.startsWith("0x", start)
          && !s.startsWith("0X", start);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || sign) {
        at++;
      } else {
        break;
      }
    }
    return new Token(Kind.NUMBER, s.substring(start, at), line, false);
  }

  private Token string(boolean f) throws Malformed {
    int first = line;
    char q = s.charAt(at);
    boolean triple = s.startsWith(String.valueOf(q).repeat(3), at);
    int start = at;
    at += triple ? 3 : 1;
    while (true) {
      if (at >= s.length()) {
        throw new Malformed("unterminated string literal", first);
      }
      char c = s.charAt(at);
      if (c == '\\') {
        if (at + 1 < s.length() && s.charAt(at + 1) == '\n') {
          line++;
        }
        at += 2; // raw strings too: a backslash still keeps the next quote in the string
        continue;
      }
      if (c == '\n') {
        if (!triple) {
          throw new Malformed("unterminated string literal", first);
        }
        line++;
      }
      if (c == q && (!triple || s.startsWith(String.valueOf(q).repeat(3), at))) {
        at += triple ? 3 : 1;
        return new Token(Kind.STRING, s.substring(start, at), first, f);
      }
      at++;
    }
  }

  private Token op() throws Malformed {
    for (String o : OPS) {
      if (s.startsWith(o, at)) {
        at += o.length();
        return new Token(Kind.OP, o, line, false);
      }
    }
    char c = s.charAt(at);
    if (SINGLE.indexOf(c) < 0) {
      throw new Malformed("invalid character '" + (c < 0x20 ? "\\x" + Integer.toHexString(c)
          : String.valueOf(c)) + "'", line);
    }
    at++;
    return new Token(Kind.OP, String.valueOf(c), line, false);
  }
}
