package dev.modelgate.format.tensorflow;

import dev.modelgate.format.protobuf.TextProto;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The text form of a SavedModel ({@code saved_model.pbtxt}) or GraphDef ({@code *.pbtxt}). The
 * loader reads it exactly like the binary form, so the same op rules apply: every {@code node}
 * or {@code node_def} message becomes a {@link TfNode} of the nearest enclosing graph or
 * function, and asset file names are checked for escapes.
 */
final class SavedModelText {
  /** Larger text files are not parsed in memory; a real text SavedModel is far smaller. */
  static final int MAX_BYTES = 64 << 20;

  private final ScanContext ctx;
  private final String file;
  private final List<TfGraph> graphs = new ArrayList<>();
  private final Set<String> functionNames = new HashSet<>();
  private final Set<String> assetTensors = new HashSet<>();
  private int assets;

  private SavedModelText(ScanContext ctx, String file) {
    this.ctx = ctx;
    this.file = file;
  }

  static void scan(ScanContext ctx, ByteSource src, String file) throws IOException {
    if (src.size() > MAX_BYTES) {
      ctx.suspicious("tensorflow.text-too-large", "text-format model of " + src.size()
          + " bytes is larger than the " + MAX_BYTES + " bytes scanned; its ops were not checked",
          file, "");
      return;
    }
    List<TextProto.Field> top;
    try {
      top = TextProto.parse(src.bytes(0, (int) src.size()));
    } catch (TextProto.Syntax e) {
      ctx.invalid("tensorflow.text-syntax", "not valid protobuf text format: " + e.getMessage(),
          file + "@" + e.offset());
      return;
    }
    SavedModelText t = new SavedModelText(ctx, file);
    TfGraph root = new TfGraph("graph");
    t.graphs.add(root);
    t.walk(top, root, "", 0);
    if (!t.hasNodes) {
      ctx.invalid("tensorflow.structure", "text-format model has no graph nodes", file);
    }
    boolean bundled = t.assets > 0 || SavedModelHandler.hasAssetsFolder(ctx);
    for (TfGraph g : t.graphs) {
      OpRules.check(ctx, g, t.functionNames, bundled, t.assetTensors);
    }
  }

  private boolean hasNodes;

  private void walk(List<TextProto.Field> fields, TfGraph graph, String path, int depth) {
    for (TextProto.Field f : fields) {
      if (!f.isMessage()) {
        continue;
      }
      String here = path.isEmpty() ? f.name() : path + "." + f.name();
      switch (f.name()) {
        case "node", "node_def" -> {
          String op = f.scalar("op");
          if (op != null) {
            node(f, op, graph);
          } else {
            walk(f.fields(), graph, here, depth + 1);
          }
        }
        case "function" -> {
          TextProto.Field sig = child(f, "signature");
          String name = sig == null ? null : sig.scalar("name");
          if (name != null) {
            functionNames.add(name);
          }
          TfGraph g = new TfGraph(here + (name == null ? "" : " (" + name + ")"));
          graphs.add(g);
          walk(f.fields(), g, here, depth + 1);
        }
        case "graph_def" -> {
          TfGraph g = new TfGraph(here);
          graphs.add(g);
          walk(f.fields(), g, here, depth + 1);
        }
        case "asset_file_def" -> asset(f);
        default -> walk(f.fields(), graph, here, depth + 1);
      }
    }
  }

  private void node(TextProto.Field n, String op, TfGraph graph) {
    hasNodes = true;
    String name = Objects.requireNonNullElse(n.scalar("name"), "");
    List<String> inputs = new ArrayList<>();
    Map<String, List<String>> attrs = new LinkedHashMap<>();
    for (TextProto.Field f : n.fields()) {
      if (f.name().equals("input") && f.value() != null && !f.value().startsWith("^")
          && inputs.size() < 64) {
        inputs.add(f.value());
      } else if (f.name().equals("attr") && f.isMessage()) {
        String key = f.scalar("key");
        TextProto.Field value = child(f, "value");
        List<String> values = new ArrayList<>();
        if (value != null) {
          strings(value, values, 0);
        }
        if (key != null && !values.isEmpty()) {
          attrs.put(key, List.copyOf(values));
        }
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
      graph.nodes().add(new TfNode(name, op, List.copyOf(inputs), Map.copyOf(attrs),
          file + "@" + n.offset()));
    }
  }

  /** AttrValue strings: {@code s}, {@code list { s }}, {@code tensor { string_val }}. */
  private static void strings(TextProto.Field v, List<String> out, int depth) {
    for (TextProto.Field f : v.fields()) {
      if (out.size() >= 8) {
        return;
      }
      String s = f.value();
      if (s != null && (f.name().equals("s") || f.name().equals("string_val"))) {
        out.add(s.length() > GraphDefReader.SHOWN ? s.substring(0, GraphDefReader.SHOWN) + "..."
            : s);
      } else if (f.isMessage() && depth < 2
          && (f.name().equals("list") || f.name().equals("tensor"))) {
        strings(f, out, depth + 1);
      }
    }
  }

  private void asset(TextProto.Field a) {
    assets++;
    TextProto.Field info = child(a, "tensor_info");
    if (info != null && info.scalar("name") != null) {
      assetTensors.add(TfNode.producer(info.scalar("name")));
    }
    String name = a.scalar("filename");
    if (name != null && SavedModelReader.escapes(name)) {
      ctx.malicious("tensorflow.asset-traversal", "asset_file_def names asset '" + name
          + "', which the loader resolves outside the SavedModel's assets folder",
          file + "@" + a.offset(), "filename='" + name + "'");
    }
  }

  private static TextProto.@Nullable Field child(TextProto.Field m, String name) {
    for (TextProto.Field f : m.fields()) {
      if (f.name().equals(name) && f.isMessage()) {
        return f;
      }
    }
    return null;
  }
}
