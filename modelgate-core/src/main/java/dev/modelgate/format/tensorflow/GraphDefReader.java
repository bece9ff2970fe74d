package dev.modelgate.format.tensorflow;

import dev.modelgate.format.protobuf.ProtoReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code GraphDef} and its {@code FunctionDefLibrary} (public field numbers of
 * tensorflow/core/framework/graph.proto, function.proto, node_def.proto, attr_value.proto,
 * tensor.proto) into {@link TfGraph}s holding only what {@link OpRules} needs.
 */
final class GraphDefReader {
  static final int MAX_INPUTS = 8;
  static final int MAX_ATTR_STRINGS = 4;
  static final int MAX_TEXT = 1 << 16;
  static final int SHOWN = 200;

  final List<TfGraph> graphs = new ArrayList<>();
  final Set<String> functionNames = new HashSet<>();

  /** GraphDef: node = 1, library = 2. */
  void graphDef(ProtoReader g) throws IOException {
    TfGraph graph = new TfGraph(g.path().isEmpty() ? "graph" : g.path());
    graphs.add(graph);
    int nodes = 0;
    while (g.next()) {
      switch (g.field()) {
        case 1 -> node(g.message("node[" + nodes++ + "]"), graph);
        case 2 -> library(g.message("library"));
        default -> g.skip();
      }
    }
  }

  /** FunctionDefLibrary: function = 1. */
  private void library(ProtoReader l) throws IOException {
    int k = 0;
    while (l.next()) {
      if (l.field() == 1) {
        function(l.message("function[" + k++ + "]"));
      } else {
        l.skip();
      }
    }
  }

  /** FunctionDef: signature (OpDef, name = 1) = 1, node_def = 3. */
  private void function(ProtoReader f) throws IOException {
    TfGraph graph = new TfGraph(f.path());
    graphs.add(graph);
    int nodes = 0;
    String name = null;
    while (f.next()) {
      switch (f.field()) {
        case 1 -> {
          ProtoReader sig = f.message("signature");
          while (sig.next()) {
            if (sig.field() == 1) {
              name = sig.lenientString(MAX_TEXT);
            } else {
              sig.skip();
            }
          }
        }
        case 3 -> node(f.message("node_def[" + nodes++ + "]"), graph);
        default -> f.skip();
      }
    }
    if (name != null) {
      functionNames.add(name);
      graphs.set(graphs.indexOf(graph), new TfGraph(f.path() + " (" + name + ")", graph.nodes(),
          graph.stringConsts(), graph.passThrough()));
    }
  }

  /** NodeDef: name = 1, op = 2, input = 3, attr = 5 (map entry key = 1, value = 2). */
  private void node(ProtoReader n, TfGraph graph) throws IOException {
    String at = n.here();
    String name = "";
    String op = "";
    List<String> inputs = new ArrayList<>();
    Map<String, List<String>> attrs = new LinkedHashMap<>();
    while (n.next()) {
      switch (n.field()) {
        case 1 -> name = n.lenientString(MAX_TEXT);
        case 2 -> op = n.lenientString(MAX_TEXT);
        case 3 -> {
          String in = n.lenientString(MAX_TEXT);
          if (!in.startsWith("^") && inputs.size() < MAX_INPUTS) {
            inputs.add(in);
          }
        }
        case 5 -> attrEntry(n.message("attr"), attrs);
        default -> n.skip();
      }
    }
    if (op.equals("Const")) {
      List<String> v = attrs.get("value");
      if (v != null && !v.isEmpty()) {
        graph.addConst(name, v.get(0));
      }
    }
    if (TfGraph.PASS_THROUGH.contains(op)) {
      graph.addPassThrough(name, List.copyOf(inputs));
    }
    if (OpRules.interesting(op)) {
      graph.nodes().add(new TfNode(name, op, List.copyOf(inputs), Map.copyOf(attrs), at));
    }
  }

  private static void attrEntry(ProtoReader e, Map<String, List<String>> attrs)
      throws IOException {
    String key = "";
    List<String> values = new ArrayList<>();
    while (e.next()) {
      switch (e.field()) {
        case 1 -> key = e.lenientString(MAX_TEXT);
        case 2 -> attrValue(e.message("value"), values);
        default -> e.skip();
      }
    }
    if (!values.isEmpty()) {
      attrs.put(key, List.copyOf(values));
    }
  }

  /** AttrValue: list = 1 (ListValue s = 2), s = 2, tensor = 8 (TensorProto string_val = 8). */
  private static void attrValue(ProtoReader v, List<String> out) throws IOException {
    while (v.next()) {
      switch (v.field()) {
        case 2 -> text(v, out);
        case 1 -> strings(v.message("list"), 2, out);
        case 8 -> strings(v.message("tensor"), 8, out);
        default -> v.skip();
      }
    }
  }

  private static void strings(ProtoReader m, int field, List<String> out) throws IOException {
    while (m.next()) {
      if (m.field() == field && m.wireType() == ProtoReader.LEN) {
        text(m, out);
      } else {
        m.skip();
      }
    }
  }

  /** Keeps a few strings per attribute, shortened, without reading long ones into memory. */
  private static void text(ProtoReader m, List<String> out) throws IOException {
    if (out.size() >= MAX_ATTR_STRINGS) {
      m.skip();
      return;
    }
    byte[] b = m.bytesPrefix(SHOWN * 4);
    String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
    out.add(s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s);
  }
}
