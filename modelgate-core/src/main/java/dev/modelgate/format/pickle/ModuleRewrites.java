package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Entry;
import dev.modelgate.format.pickle.PickleValue.Global;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.pickle.PickleValue.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attributes a pickle's BUILD set on imported objects. Python's load_build on a module or
 * function sets its attributes for the whole process, and every later import through it
 * ({@code find_class} is a getattr on the module) yields the value the file chose, so the
 * machine follows the rewrite: the import is pushed as that value (a string a later
 * STACK_GLOBAL uses as a name, say), while the name imported is still judged.
 */
final class ModuleRewrites {
  /** Qualified name of the rewritten object to its rewritten attributes. */
  private final Map<String, Map<String, PickleValue>> set = new HashMap<>();

  /** BUILD with {@code state} on {@code target}: a dict, or (dict, slot dict). */
  void record(Global target, PickleValue state) {
    Map<String, PickleValue> attrs = set.computeIfAbsent(target.qualified(),
        k -> new HashMap<>());
    for (PickleValue part : state instanceof Tuple t ? t.items() : List.of(state)) {
      if (part instanceof Dict d) {
        for (Entry e : d.entries()) {
          if (e.key() instanceof Str k && k.complete()) {
            attrs.put(k.text(), e.value());
          }
        }
      }
    }
  }

  /** What importing {@code g} yields: a value an earlier BUILD set there, else {@code g}. */
  PickleValue resolve(Global g) {
    int dot = g.qualified().lastIndexOf('.');
    Map<String, PickleValue> attrs = set.get(g.qualified().substring(0, dot));
    PickleValue value = attrs == null ? null : attrs.get(g.qualified().substring(dot + 1));
    return value != null ? value : g;
  }
}
