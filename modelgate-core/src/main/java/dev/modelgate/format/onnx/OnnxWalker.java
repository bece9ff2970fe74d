package dev.modelgate.format.onnx;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Walks a {@code ModelProto}: the main graph, subgraphs in node attributes (If/Loop/Scan bodies),
 * model-local functions and training graphs. Collects operator domains and checks every tensor
 * header; reports once the whole model is read, since a node may use a function defined later.
 */
final class OnnxWalker {
  /**
   * Domains whose operators ship with ONNX or ONNX Runtime itself. {@code com.microsoft} (ORT
   * contrib ops, e.g. in every transformer-optimised or quantised ORT model) is built into the
   * runtime and needs no user library, so it is treated as standard.
   */
  static final Set<String> STANDARD_DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml",
      "ai.onnx.training", "ai.onnx.preview.training", "com.microsoft", "com.microsoft.nchwc",
      "com.microsoft.experimental", "org.pytorch.aten");
  static final int MAX_GRAPH_NESTING = 32;
  private static final int MAX_TEXT = 1 << 20;

  private record OpUse(String domain, String op, String node, String location) {}

  private final ScanContext ctx;
  private final TensorRules tensors;
  private final List<OpUse> customOps = new ArrayList<>();
  private final Set<String> localFunctions = new HashSet<>();
  /** Calls between model-local functions: a cycle makes inlining loaders expand forever. */
  private final java.util.Map<String, Set<String>> calls = new java.util.HashMap<>();
  /** Operators called by the function being read, or null outside functions. */
  private @Nullable Set<String> currentCallees;
  /** ONNX's own domains, whose opset versions are small positive numbers. */
  private static final Set<String> ONNX_DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml",
      "ai.onnx.training", "ai.onnx.preview.training");
  static final long MAX_OPSET = 10_000;

  OnnxWalker(ScanContext ctx) {
    this.ctx = ctx;
    this.tensors = new TensorRules(ctx);
  }

  void model(ProtoReader r) throws IOException {
    boolean sawGraph = false;
    long irVersion = 0;
    int functions = 0;
    int training = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> irVersion = r.varint();
        case 7 -> {
          graph(r.message("graph"), 0);
          sawGraph = true;
        }
        case 20 -> trainingInfo(r.message("training_info[" + training++ + "]"));
        case 25 -> function(r.message("functions[" + functions++ + "]"));
        case 8 -> opsetImport(r.message("opset_import"));
        default -> r.skip();
      }
    }
    if (irVersion <= 0) {
      ctx.invalid("onnx.structure", "ModelProto has no ir_version", "");
    }
    if (!sawGraph) {
      ctx.invalid("onnx.structure", "ModelProto has no graph", "");
    }
    FunctionCycles.check(ctx, calls);
    for (OpUse u : customOps) {
      if (localFunctions.contains(u.domain() + "::" + u.op())) {
        continue; // defined in this file from other operators, which are checked themselves
      }
      if (ctx.policy().userAllows(u.domain(), u.op())) {
        continue; // --allow com.example.vision.* or com.example.vision.FancyNorm
      }
      ctx.suspicious("onnx.custom-op-domain", "node '" + u.node() + "' uses operator "
          + u.op() + " from custom domain '" + u.domain()
          + "', which needs a custom-op library supplied by the user", u.location(),
          u.domain() + "::" + u.op());
    }
  }

  private void graph(ProtoReader g, int nesting) throws IOException {
    if (nesting > MAX_GRAPH_NESTING) {
      throw g.error(g.offset(), "subgraphs nested deeper than " + MAX_GRAPH_NESTING);
    }
    int nodes = 0;
    int inits = 0;
    int sparse = 0;
    int inputs = 0;
    SingleAssignment names = new SingleAssignment(ctx);
    while (g.next()) {
      switch (g.field()) {
        case 1 -> {
          String at = g.here();
          node(g.message("node[" + nodes++ + "]"), nesting, names, at);
        }
        case 5 -> {
          String at = g.here();
          OnnxTensor t = OnnxTensor.read(g.message("initializer[" + inits++ + "]"), at);
          names.initializer(t.name(), at);
          tensors.check(t);
        }
        case 11 -> {
          String at = g.here();
          names.input(valueName(g.message("input[" + inputs++ + "]")), at);
        }
        case 15 -> sparseTensor(g.message("sparse_initializer[" + sparse++ + "]"));
        default -> g.skip();
      }
    }
  }

  /** ValueInfoProto.name (field 1). */
  private static String valueName(ProtoReader v) throws IOException {
    String name = "";
    while (v.next()) {
      if (v.field() == 1) {
        name = v.lenientString(MAX_TEXT);
      } else {
        v.skip();
      }
    }
    return name;
  }

  private void node(ProtoReader n, int nesting) throws IOException {
    node(n, nesting, null, n.here());
  }

  private void node(ProtoReader n, int nesting, @Nullable SingleAssignment names, String where)
      throws IOException {
    String name = "";
    String op = "";
    String domain = "";
    String at = n.here();
    int attrs = 0;
    List<String> outputs = new ArrayList<>();
    while (n.next()) {
      switch (n.field()) {
        case 2 -> outputs.add(n.lenientString(MAX_TEXT));
        case 3 -> name = n.lenientString(MAX_TEXT);
        case 4 -> op = n.lenientString(MAX_TEXT);
        case 7 -> domain = n.lenientString(MAX_TEXT);
        case 5 -> attribute(n.message("attribute[" + attrs++ + "]"), nesting);
        default -> n.skip();
      }
    }
    if (names != null) {
      for (String out : outputs) {
        names.output(out, name, where);
      }
    }
    if (currentCallees != null) {
      currentCallees.add(domain + "::" + op);
    }
    if (!STANDARD_DOMAINS.contains(domain)) {
      customOps.add(new OpUse(domain, op, name, at));
    }
  }

  private void attribute(ProtoReader a, int nesting) throws IOException {
    int graphs = 0;
    int list = 0;
    while (a.next()) {
      switch (a.field()) {
        case 5 -> {
          String at = a.here();
          tensors.check(OnnxTensor.read(a.message("t"), at));
        }
        case 10 -> {
          String at = a.here();
          tensors.check(OnnxTensor.read(a.message("tensors[" + list++ + "]"), at));
        }
        case 6 -> graph(a.message("g"), nesting + 1);
        case 11 -> graph(a.message("graphs[" + graphs++ + "]"), nesting + 1);
        case 22 -> sparseTensor(a.message("sparse_tensor"));
        case 23 -> sparseTensor(a.message("sparse_tensors[" + list++ + "]"));
        default -> a.skip();
      }
    }
  }

  private void sparseTensor(ProtoReader s) throws IOException {
    while (s.next()) {
      switch (s.field()) {
        case 1 -> {
          String at = s.here();
          tensors.check(OnnxTensor.read(s.message("values"), at));
        }
        case 2 -> {
          String at = s.here();
          tensors.check(OnnxTensor.read(s.message("indices"), at));
        }
        default -> s.skip();
      }
    }
  }

  private void function(ProtoReader f) throws IOException {
    Set<String> callees = new HashSet<>();
    String name = "";
    String domain = "";
    int nodes = 0;
    while (f.next()) {
      switch (f.field()) {
        case 1 -> name = f.lenientString(MAX_TEXT);
        case 10 -> domain = f.lenientString(MAX_TEXT);
        case 7 -> {
          // onnx writes the domain (field 10) after the nodes, so callees are keyed at the end.
          currentCallees = callees;
          node(f.message("node[" + nodes++ + "]"), 0);
          currentCallees = null;
        }
        case 9 -> opsetImport(f.message("opset_import"));
        default -> f.skip();
      }
    }
    localFunctions.add(domain + "::" + name);
    calls.computeIfAbsent(domain + "::" + name, k -> new HashSet<>()).addAll(callees);
  }

  /** OperatorSetIdProto: domain = 1, version = 2. */
  private void opsetImport(ProtoReader o) throws IOException {
    String at = o.here();
    String domain = "";
    long version = 0;
    while (o.next()) {
      switch (o.field()) {
        case 1 -> domain = o.lenientString(MAX_TEXT);
        case 2 -> version = o.varint();
        default -> o.skip();
      }
    }
    if (version < 0 || (ONNX_DOMAINS.contains(domain) && (version < 1 || version > MAX_OPSET))) {
      ctx.invalid("onnx.opset", "opset_import for domain '" + domain + "' has version " + version
          + ", outside any operator set version", at);
    }
  }

  private void trainingInfo(ProtoReader t) throws IOException {
    while (t.next()) {
      switch (t.field()) {
        case 1 -> graph(t.message("initialization"), 0);
        case 2 -> graph(t.message("algorithm"), 0);
        default -> t.skip();
      }
    }
  }
}
