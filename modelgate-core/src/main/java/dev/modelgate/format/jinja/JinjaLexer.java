package dev.modelgate.format.jinja;

import dev.modelgate.format.jinja.Token.Type;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenises the tags of a Jinja2 template with Jinja's default delimiters: {@code {{ }}},
 * {@code {% %}} and {@code {# #}}, each with {@code -}/{@code +} whitespace control. Text between
 * tags, comments and {@code {% raw %}} bodies produce no tokens: they are output, never
 * evaluated. Like Jinja, an end delimiter only closes a tag outside brackets, so {@code {{ {'a':
 * {'b': 1}} }}} is one expression.
 */
@SuppressWarnings("BadImport") // Type is Token.Type: the jinja package has no other
final class JinjaLexer {
  private static final Pattern END_RAW =
      Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%\\}");
  private static final String[] TWO_CHAR_OPS = {"**", "//", "==", "!=", "<=", ">="};

  private final String s;
  private final List<Token> out;
  private int i;

  private JinjaLexer(String s, List<Token> out) {
    this.s = s;
    this.out = out;
  }

  /**
   * Appends the tokens of every tag to {@code out}; on a syntax error the tokens before it stay
   * in {@code out}, so a caller can still inspect them.
   */
  static void tokenize(String template, List<Token> out) throws TemplateSyntaxException {
    new JinjaLexer(template, out).run();
  }

  private void run() throws TemplateSyntaxException {
    int n = s.length();
    while (i < n) {
      int open = s.indexOf('{', i);
      if (open < 0 || open + 1 >= n) {
        return;
      }
      char kind = s.charAt(open + 1);
      if (kind == '#') {
        int close = s.indexOf("#}", open + 2);
        if (close < 0) {
          throw new TemplateSyntaxException("unterminated comment", open);
        }
        i = close + 2;
      } else if (kind == '{' || kind == '%') {
        tag(open, kind == '%');
      } else {
        i = open + 1;
      }
    }
  }

  private void tag(int open, boolean block) throws TemplateSyntaxException {
    int first = out.size();
    out.add(new Token(block ? Type.BLOCK_BEGIN : Type.VAR_BEGIN, s.substring(open, open + 2),
        open, open + 2));
    i = open + 2;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    int depth = 0;
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length()) {
        throw new TemplateSyntaxException("unterminated " + (block ? "{% %}" : "{{ }}") + " tag",
            open);
      }
      if (depth == 0) {
        int end = endDelimiter(block);
        if (end > 0) {
          out.add(new Token(block ? Type.BLOCK_END : Type.VAR_END, s.substring(i, i + end), i,
              i + end));
          i += end;
          break;
        }
      }
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        string(c);
      } else if (Character.isDigit(c)) {
        number();
      } else if (Character.isLetter(c) || c == '_') {
        int st = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Type.NAME, s.substring(st, i), st, i));
      } else {
        String op = String.valueOf(c);
        for (String two : TWO_CHAR_OPS) {
          if (s.startsWith(two, i)) {
            op = two;
          }
        }
        if (op.length() == 1 && "([{".indexOf(c) >= 0) {
          depth++;
        } else if (op.length() == 1 && ")]}".indexOf(c) >= 0) {
          if (--depth < 0) {
            throw new TemplateSyntaxException("unbalanced '" + c + "'", i);
          }
        }
        out.add(new Token(Type.OP, op, i, i + op.length()));
        i += op.length();
      }
    }
    if (block && out.size() > first + 2 && out.get(first + 1).is(Type.NAME, "raw")) {
      Matcher m = END_RAW.matcher(s);
      if (!m.find(i)) {
        throw new TemplateSyntaxException("{% raw %} without {% endraw %}", open);
      }
      i = m.end(); // raw bodies are output verbatim, never evaluated
    }
  }

  /** Length of the end delimiter at {@code i}, or 0. */
  private int endDelimiter(boolean block) {
    if (block) {
      if (s.startsWith("%}", i)) {
        return 2;
      }
      return (s.startsWith("-%}", i) || s.startsWith("+%}", i)) ? 3 : 0;
    }
    if (s.startsWith("}}", i)) {
      return 2;
    }
    return s.startsWith("-}}", i) ? 3 : 0;
  }

  private void string(char quote) throws TemplateSyntaxException {
    int st = i;
    int k = i + 1;
    while (k < s.length() && s.charAt(k) != quote) {
      k += s.charAt(k) == '\\' ? 2 : 1;
    }
    if (k >= s.length()) {
      throw new TemplateSyntaxException("unterminated string literal", st);
    }
    out.add(new Token(Type.STRING, JinjaStrings.decode(s.substring(st + 1, k), st), st, k + 1));
    i = k + 1;
  }

  private void number() {
    int st = i;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
        || (s.charAt(i) == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))))) {
      i++;
    }
    out.add(new Token(Type.NUMBER, s.substring(st, i), st, i));
  }
}
