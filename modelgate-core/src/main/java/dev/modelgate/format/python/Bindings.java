package dev.modelgate.format.python;

import dev.modelgate.format.python.PyTokenizer.Kind;
import dev.modelgate.format.python.PyTokenizer.Line;
import dev.modelgate.format.python.PyTokenizer.Token;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The names generated code binds, collected before anything is judged (a name may be used
 * before the line that assigns it, in another method): values (parameters, assignment, loop
 * and {@code as} targets, definitions) and imports (alias to dotted module path). Generated code
 * has no scoping tricks, so one namespace for the whole source is enough; an imported name is
 * never also a value.
 */
final class Bindings {
  private final Set<String> values = new HashSet<>();
  private final Map<String, String> imports = new HashMap<>();

  Bindings(boolean selfIsValue) {
    if (selfIsValue) {
      values.add("self");
    }
  }

  boolean value(String name) {
    return values.contains(name);
  }

  boolean imported(String name) {
    return imports.containsKey(name);
  }

  /** The dotted path an imported alias stands for. */
  @Nullable String module(String alias) {
    return imports.get(alias);
  }

  String importOr(String alias, String fallback) {
    return imports.getOrDefault(alias, fallback);
  }


  void bind(List<Line> lines) {
    for (Line l : lines) {
      List<Token> t = l.tokens();
      Token first = t.get(0);
      if (first.is("import") || first.is("from")) {
        importBindings(t);
      } else if (first.is("def") || first.is("class")) {
        if (t.size() > 1 && t.get(1).kind() == Kind.NAME) {
          values.add(t.get(1).text());
        }
        if (first.is("def")) {
          parameters(t);
        }
      } else if (first.is("for")) {
        for (int k = 1; k < t.size() && !t.get(k).is("in"); k++) {
          addName(t.get(k));
        }
      } else if (first.kind() != Kind.NAME || !TokenRuns.KEYWORDS.contains(first.text())) {
        assignmentTargets(t);
      }
      for (int k = 0; k + 1 < t.size(); k++) {
        if (t.get(k).is("as")) {
          addName(t.get(k + 1));
        }
      }
    }
  }

  private static final Set<String> AUGMENTED = Set.of("+=", "-=", "*=", "/=", "//=", "%=", "**=",
      ">>=", "<<=", "&=", "|=", "^=", "@=");

  /** Binds the names a simple statement assigns: {@code a, b = ...}, {@code x: T = ...}. */
  private void assignmentTargets(List<Token> t) {
    int eq = TokenRuns.topLevel(t, 0, "=");
    int colon = TokenRuns.topLevel(t, 0, ":");
    int end = colon >= 0 && (eq < 0 || colon < eq) ? colon : eq;
    for (int k = 0; end < 0 && k < t.size(); k++) {
      if (AUGMENTED.contains(t.get(k).text()) && t.get(k).kind() == Kind.OP) {
        end = k;
      }
    }
    for (int k = 0; k < end; k++) {
      boolean attribute = k > 0 && t.get(k - 1).is(".");
      boolean hasMore = k + 1 < end && (t.get(k + 1).is(".") || t.get(k + 1).is("["));
      if (!attribute && !hasMore) {
        addName(t.get(k));
      }
    }
    int depth = 0;
    for (int k = Math.max(eq, 0) + 1; eq >= 0 && k < t.size(); k++) {
      Token x = t.get(k);
      if (x.opens()) {
        depth++;
      } else if (x.closes()) {
        depth--;
      } else if (depth == 0 && x.is("=")) {
        addName(t.get(k - 1)); // "a = b = None": b is a target too
      }
    }
  }

  private void addName(Token t) {
    if (t.kind() == Kind.NAME && !TokenRuns.KEYWORDS.contains(t.text()) && !imports.containsKey(t.text())) {
      values.add(t.text());
    }
  }

  private void parameters(List<Token> t) {
    int depth = 0;
    for (int k = 2; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.opens()) {
        depth++;
      } else if (x.closes()) {
        if (--depth == 0) {
          return;
        }
      } else if (depth == 1 && x.kind() == Kind.NAME) {
        Token before = t.get(k - 1);
        if (before.is("(") || before.is(",") || before.is("*") || before.is("**")) {
          values.add(x.text());
        }
      }
    }
  }

  private void importBindings(List<Token> t) {
    if (t.get(0).is("import")) {
      for (List<Token> part : TokenRuns.split(t, 1, t.size())) {
        String dotted = TokenRuns.dotted(part, 0);
        int as = TokenRuns.indexOf(part, "as");
        String alias = as >= 0 && as + 1 < part.size() ? part.get(as + 1).text()
            : dotted.split("\\.", -1)[0];
        imports.put(alias, as >= 0 ? dotted : dotted.split("\\.", -1)[0]);
      }
      return;
    }
    int imp = TokenRuns.indexOf(t, "import");
    if (imp < 0) {
      return;
    }
    String module = TokenRuns.dotted(t, 1);
    for (List<Token> part : TokenRuns.split(t, imp + 1, t.size())) {
      List<Token> names = part.stream().filter(x -> !x.is("(") && !x.is(")")).toList();
      if (names.isEmpty()) {
        continue;
      }
      int as = TokenRuns.indexOf(names, "as");
      String alias = as >= 0 && as + 1 < names.size() ? names.get(as + 1).text()
          : names.get(0).text();
      imports.put(alias, module + "." + names.get(0).text());
    }
  }
}
