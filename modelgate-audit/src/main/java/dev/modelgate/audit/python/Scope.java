package dev.modelgate.audit.python;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names bound in a module, class or function body; function scopes see their module's. */
final class Scope {
  record Binding(Value value, Taint taint) {}

  private static final Set<String> BUILTINS = Set.of("eval", "exec", "compile", "open",
      "getattr", "__import__", "input", "bytes", "str", "print", "breakpoint");

  private final Scope parent;
  private final Map<String, Binding> names = new HashMap<>();
  private final List<String> starModules = new ArrayList<>();

  Scope(Scope parent) {
    this.parent = parent;
  }

  void bind(String name, Value v, Taint t) {
    Binding old = names.get(name);
    // taint is sticky inside a scope: branches are not merged, so a name tainted on one path
    // stays tainted after a later assignment on another
    Taint keep = old == null ? t : old.taint().or(t);
    names.put(name, new Binding(v, keep));
  }

  void starImport(String module) {
    starModules.add(module);
  }

  Binding lookup(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      Binding b = s.names.get(name);
      if (b != null) {
        return b;
      }
      for (String m : s.starModules) {
        if (Types.isStarExported(m, name)) {
          return new Binding(new Value.Ref(m + "." + name), Taint.NONE);
        }
      }
    }
    if (BUILTINS.contains(name)) {
      return new Binding(new Value.Ref("builtins." + name), Taint.NONE);
    }
    return null;
  }
}
