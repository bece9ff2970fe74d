package dev.modelgate.format.onnx;

import dev.modelgate.spi.ScanContext;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ONNX graphs are in single static assignment form: every value has one producer (a graph input,
 * an initializer or one node output). onnx.checker refuses a graph where a name is produced
 * twice, and ONNX Runtime does too except for repeated initializers, which it loads using the
 * last; runtimes that do not check pick one of the producers, so what runs depends on the
 * runtime and readers disagree on the value. A second producer is invalid. (IR versions before 4 list initializers as graph inputs too, so that pair is legal.)
 */
final class SingleAssignment {
  private static final int MAX_REPORTS = 16;
  private final ScanContext ctx;
  private final Map<String, String> producers = new HashMap<>();
  private int reported;

  SingleAssignment(ScanContext ctx) {
    this.ctx = ctx;
  }

  void input(String name, String at) {
    produce(name, "graph input", at, "initializer");
  }

  void initializer(String name, String at) {
    produce(name, "initializer", at, "graph input");
  }

  void output(String name, String node, String at) {
    produce(name, "output of node '" + node + "'", at, null);
  }

  private void produce(String name, String what, String at, @Nullable String compatible) {
    if (name.isEmpty()) {
      return; // an optional output left out, or an unnamed input
    }
    String before = producers.putIfAbsent(name, what);
    if (before == null || (compatible != null && before.equals(compatible))) {
      return;
    }
    if (reported++ < MAX_REPORTS) {
      String who = before.equals("initializer") && what.equals("initializer")
          ? "onnx.checker refuses the graph, ONNX Runtime loads it with the last one"
          : "onnx.checker and ONNX Runtime refuse the graph, lenient runtimes use either";
      ctx.invalid("onnx.ssa", "value '" + name + "' is produced twice (" + before + " and "
          + what + "); " + who, at);
    }
  }
}
