package dev.modelgate.format.tensorflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of one graph or function that matter to the rules: every node whose op is not plain
 * computation, and the string constants other nodes may take as a path, so evidence can show
 * {@code WriteFile(filename='/tmp/x', ...)} and rules can tell a fixed path from a fed one.
 *
 * @param where human-readable position, e.g. {@code meta_graphs[0].graph_def.library.function[3]
 *     (__inference___call___12)}
 */
record TfGraph(String where, List<TfNode> nodes, Map<String, String> stringConsts) {
  static final int MAX_CONSTS = 100_000;

  TfGraph(String where) {
    this(where, new ArrayList<>(), new HashMap<>());
  }

  /** The constant string an input resolves to, or null when it is computed or fed. */
  String constant(String input) {
    return stringConsts.get(TfNode.producer(input));
  }

  void addConst(String name, String value) {
    if (stringConsts.size() < MAX_CONSTS) {
      stringConsts.put(name, value);
    }
  }
}
