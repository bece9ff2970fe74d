package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleDescription.CallSite;
import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Entry;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.python.GeneratedCode;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.ScanContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code torch.fx.GraphModule} pickles. A GraphModule pickles as
 * {@code reduce_graph_module(body, import_block)}, and loading it {@code exec}s
 * {@code import_block + body["_code"]} (or the older {@code body["code"]}) and then traces the
 * result: the file runs Python stored in it by design. That code is judged as torch.fx output
 * ({@link GeneratedCode}): torch operations only make the file suspicious ("runs stored code"),
 * anything else malicious with the offending line. The call and the default tracer class are not
 * also reported by name, since the code decides. Every {@code _code}/{@code code} value the dict
 * was ever given is judged: the symbolic dict keeps them all, and which one Python used depends
 * on SETITEM order around the REDUCE.
 */
final class FxGraphCode {
  static final String REDUCE = "torch.fx.graph_module.reduce_graph_module";
  /**
   * torch's own tracer classes a GraphModule names in its body ({@code _tracer_cls}): the code is
   * traced with one of them when it is loaded. They live in {@code torch.fx}, which the catalogue
   * lists as a whole, and run nothing but the stored code (judged here).
   */
  static final Set<String> TRACERS = Set.of("torch.fx._symbolic_trace.Tracer",
      "torch.fx.experimental.proxy_tensor.PythonKeyTracer",
      "torch.fx.experimental.proxy_tensor._ModuleStackTracer",
      "torch.fx.experimental.meta_tracer.MetaTracer");

  private FxGraphCode() {}

  static boolean isFxCall(Call c) {
    return c.global() != null && c.global().qualified().equals(REDUCE);
  }

  /** Judges one {@code reduce_graph_module} call. */
  static void judge(ScanContext ctx, CallSite site, String location)
      throws InvalidInputException {
    Call c = site.call();
    String where = PickleScanner.loc(location, site.offset());
    List<Str> codes = new ArrayList<>();
    boolean readable = c.args().size() == 2 && c.args().get(0) instanceof Dict
        && c.args().get(1) instanceof Str imports && imports.complete();
    if (readable) {
      for (Entry e : ((Dict) c.args().get(0)).entries()) {
        if (e.key() instanceof Str k && Set.of("_code", "code").contains(k.text())) {
          if (e.value() instanceof Str s && s.complete() && k.complete()) {
            codes.add(s);
          } else {
            readable = false;
          }
        }
      }
    }
    if (!readable || codes.isEmpty()) {
      ctx.malicious("torch.fx-code-injection", "torch.fx reduce_graph_module runs Python code"
          + " from the file, and its code or import block cannot be read here", where,
          site.text());
      return;
    }
    String imports = ((Str) c.args().get(1)).text();
    int lines = 0;
    for (Str code : codes) {
      GeneratedCode.Result r = GeneratedCode.judge(imports + code.text(),
          GeneratedCode.Dialect.FX, ctx.policy(), ctx.budget(), where);
      GeneratedCode.Problem p = r.problem();
      if (p != null) {
        ctx.malicious("torch.fx-code-injection", "torch.fx GraphModule: the Python code that"
            + " loading it runs " + p.message() + " (line " + p.line() + " of its import block"
            + " and code)", where, p.text());
        return;
      }
      lines += r.lines();
    }
    ctx.suspicious("torch.fx-code", "torch.fx GraphModule: loading it runs the Python code"
        + " stored in the file (" + lines + " lines of generated code that use only torch"
        + " operations); load it only if you trust its source", where,
        "reduce_graph_module(<" + lines + " lines of forward code>)");
  }
}
