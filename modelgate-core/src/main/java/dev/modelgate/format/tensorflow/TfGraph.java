package dev.modelgate.format.tensorflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The nodes of one graph or function that matter to the rules: every node whose op is not plain
 * computation, and the string constants other nodes may take as a path, so evidence can show
 * {@code WriteFile(filename='/tmp/x', ...)} and rules can tell a fixed path from a fed one.
 *
 * @param where human-readable position, e.g. {@code meta_graphs[0].graph_def.library.function[3]
 *     (__inference___call___12)}
 */
record TfGraph(String where, List<TfNode> nodes, Map<String, String> stringConsts,
    Map<String, List<String>> passThrough) {
  static final int MAX_CONSTS = 100_000;
  /** Ops whose string output is their input(s): a constant through them is still constant. */
  static final java.util.Set<String> PASS_THROUGH = java.util.Set.of("Identity", "Snapshot",
      "StopGradient", "StringJoin", "PreventGradient", "Enter", "Exit", "IdentityN");
  private static final int MAX_CHAIN = 32;

  TfGraph(String where) {
    this(where, new ArrayList<>(), new HashMap<>(), new HashMap<>());
  }

  /**
   * The constant string an input resolves to, or null when it is computed or fed. Identity and
   * StringJoin chains over constants count as constant, so a fixed path cannot hide behind them.
   */
  @Nullable String constant(String input) {
    return constant(input, 0);
  }

  private @Nullable String constant(String input, int depth) {
    String producer = TfNode.producer(input);
    String c = stringConsts.get(producer);
    if (c != null || depth >= MAX_CHAIN) {
      return c;
    }
    List<String> ins = passThrough.get(producer);
    if (ins == null || ins.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (String in : ins) {
      String v = constant(in, depth + 1);
      if (v == null) {
        return null;
      }
      b.append(v);
    }
    return b.toString();
  }

  void addPassThrough(String name, List<String> inputs) {
    if (passThrough.size() < MAX_CONSTS) {
      passThrough.put(name, inputs);
    }
  }

  void addConst(String name, String value) {
    if (stringConsts.size() < MAX_CONSTS) {
      stringConsts.put(name, value);
    }
  }
}
