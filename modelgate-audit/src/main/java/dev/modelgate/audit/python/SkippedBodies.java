package dev.modelgate.audit.python;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies {@link Reduction} cut, with the scope each would have been walked in, and the
 * check that cutting them lost nothing. A cut body holds no body word of an active family, so it
 * can only produce a finding through a name bound outside it that stands for one: an alias
 * ({@code from pickle import loads as L}, {@code run = subprocess.run} reached as {@code run}
 * is a body word itself, {@code L} is not), or a constant string such as a getattr name or a
 * dict key. When a cut body mentions such a name it must be parsed after all.
 */
final class SkippedBodies {
  private final boolean[] bodyWords;
  private final List<Integer> bodies = new ArrayList<>();
  private final List<Scope> scopes = new ArrayList<>();

  SkippedBodies(boolean[] bodyWords) {
    this.bodyWords = bodyWords;
  }

  /** Body {@code index} was cut; {@code enclosing} is the scope its def was walked in. */
  void add(int index, Scope enclosing) {
    bodies.add(index);
    scopes.add(enclosing);
  }

  /**
   * Cut bodies that mention a name their enclosing scopes bind to something a rule could reach.
   * Called after the walk, when every enclosing scope is complete (bodies are walked after the
   * body that defines them, so this is what their walk would have seen).
   */
  Set<Integer> mustParse(Outline o, byte[] src) {
    Set<Integer> out = new HashSet<>();
    IdentityHashMap<Scope, Set<String>> cache = new IdentityHashMap<>();
    for (int k = 0; k < bodies.size(); k++) {
      Set<String> names = significant(scopes.get(k), cache);
      int b = bodies.get(k);
      if (!names.isEmpty() && mentions(src, o.bodyStart()[b], o.bodyEnd()[b], names)) {
        out.add(b);
      }
    }
    return out;
  }

  private Set<String> significant(Scope s, IdentityHashMap<Scope, Set<String>> cache) {
    Set<String> known = cache.get(s);
    if (known != null) {
      return known;
    }
    Set<String> out = new HashSet<>();
    if (s.parent() != null) {
      out.addAll(significant(s.parent(), cache));
    }
    for (Map.Entry<String, Scope.Binding> e : s.bindings().entrySet()) {
      if (significant(e.getKey(), e.getValue().value())) {
        out.add(e.getKey());
      }
    }
    cache.put(s, out);
    return out;
  }

  private boolean significant(String name, Value v) {
    if (v instanceof Value.Ref r) {
      String q = r.name();
      String last = q.substring(Math.max(q.lastIndexOf('.'), q.lastIndexOf('#')) + 1);
      return isBodyWord(last) && !name.equals(last);
    }
    if (v instanceof Value.Const c && c.value() instanceof String str) {
      return isBodyWord(str)
          || (str.startsWith("tcp://") && bodyWords[RuleFamilies.find("bind")]);
    }
    if (v instanceof Value.Tuple t) {
      return t.items().stream().anyMatch(i -> significant(name, i));
    }
    return false;
  }

  private boolean isBodyWord(String w) {
    int id = RuleFamilies.find(w);
    return id >= 0 && bodyWords[id];
  }

  /** Whether an identifier-like run in {@code src[from, to)} is one of {@code names}. */
  private static boolean mentions(byte[] src, int from, int to, Set<String> names) {
    int i = from;
    while (i < to) {
      int c = src[i] & 0xff;
      if (Character.isLetter(c) || c == '_' || c >= 0x80) {
        int s = i;
        while (i < to && (Character.isLetterOrDigit(src[i] & 0xff) || src[i] == '_'
            || (src[i] & 0xff) >= 0x80)) {
          i++;
        }
        if (names.contains(new String(src, s, i - s, java.nio.charset.StandardCharsets.UTF_8))) {
          return true;
        }
      } else {
        i++;
      }
    }
    return false;
  }
}
