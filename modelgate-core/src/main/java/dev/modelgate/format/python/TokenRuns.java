package dev.modelgate.format.python;

import dev.modelgate.format.python.PyTokenizer.Kind;
import dev.modelgate.format.python.PyTokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Searches over a logical line's tokens that both judging passes use. */
final class TokenRuns {
  static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as",
      "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
      "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
      "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

  private TokenRuns() {}

  static String unquote(String literal) {
    int q = 0;
    while (q < literal.length() && literal.charAt(q) != '\'' && literal.charAt(q) != '"') {
      q++;
    }
    String body = literal.substring(q);
    int n = body.startsWith("'''") || body.startsWith("\"\"\"") ? 3 : 1;
    return body.length() >= 2 * n ? body.substring(n, body.length() - n) : body;
  }

  static int topLevel(List<Token> t, int from, String op) {
    int depth = 0;
    for (int k = from; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.is("(") || x.is("[") || x.is("{")) {
        depth++;
      } else if (x.is(")") || x.is("]") || x.is("}")) {
        if (--depth < 0) {
          return -1;
        }
      } else if (depth == 0 && x.is(op)) {
        return k;
      }
    }
    return -1;
  }

  static int indexOf(List<Token> t, String s) {
    for (int k = 0; k < t.size(); k++) {
      if (t.get(k).is(s)) {
        return k;
      }
    }
    return -1;
  }

  static List<List<Token>> split(List<Token> t, int from, int to) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    for (int k = from; k < to; k++) {
      if (t.get(k).is(",")) {
        out.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(t.get(k));
      }
    }
    out.add(cur);
    return out.stream().filter(p -> !p.isEmpty()).toList();
  }

  static String dotted(List<Token> t, int from) {
    StringBuilder b = new StringBuilder();
    for (int k = from; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.kind() == Kind.NAME && !x.is("as") && !x.is("import")) {
        b.append(x.text());
      } else if (x.is(".")) {
        b.append('.');
      } else {
        break;
      }
    }
    return b.toString();
  }
}
