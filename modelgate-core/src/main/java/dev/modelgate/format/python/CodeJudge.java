package dev.modelgate.format.python;

import dev.modelgate.format.python.GeneratedCode.Dialect;
import dev.modelgate.format.python.PyTokenizer.Kind;
import dev.modelgate.format.python.PyTokenizer.Line;
import dev.modelgate.format.python.PyTokenizer.Token;
import dev.modelgate.policy.Judgement;
import dev.modelgate.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The statement-by-statement judge behind {@link GeneratedCode}. A first pass binds every name
 * the source assigns, imports or takes as a parameter (generated code has no scoping tricks: a
 * name is a value or an imported module, never both); the second judges each statement's form
 * and every dotted reference in it by where its first name comes from: a value (only dunder
 * attributes matter), an import or a generator's implicit global (the full dotted name is judged
 * against the catalogue and must lie in torch or a harmless standard module), or nothing known
 * (a name no generator emits).
 */
final class CodeJudge {
  /** Keywords no generator emits in the forms judged here. */
  private static final Set<String> NEVER = Set.of("lambda", "global", "nonlocal", "yield",
      "async", "await", "try", "except", "finally");
  private static final Set<String> FX_COMPOUND = Set.of("def");
  private static final Set<String> TS_COMPOUND = Set.of("def", "class", "if", "elif", "else",
      "for", "while", "with");
  private static final Set<String> FX_BUILTINS = Set.of("getattr", "slice", "Ellipsis", "inf",
      "nan", "device", "NoneType", "type", "int", "float", "bool", "len", "tuple", "list",
      "dict", "range", "print", "isinstance");
  private static final Set<String> TS_BUILTINS = Set.of("range", "len", "str", "int", "float",
      "bool", "complex", "isinstance", "annotate", "unchecked_cast", "uninitialized", "print",
      "Optional", "List", "Dict", "Tuple", "Union", "Any", "Final", "Tensor", "Module",
      "NoneType", "Future", "Device", "Enum", "Await", "Storage", "Stream", "inf", "nan",
      "getattr", "hasattr", "abs", "min", "max", "round", "divmod", "all", "any", "sum",
      "enumerate", "zip", "sorted", "list", "dict", "tuple", "ord", "chr", "hex", "oct", "bin",
      "hash", "id", "Ellipsis", "slice", "CONSTANTS", "__torch__", "torch", "ops", "math",
      "Exception", "RuntimeError", "ValueError", "TypeError", "AssertionError", "KeyError",
      "IndexError", "NotImplementedError", "StopIteration", "ZeroDivisionError");
  /** Modules besides torch whose imports generated code may carry: pure computation. */
  private static final Set<String> HARMLESS_MODULES = Set.of("math", "typing", "operator");
  /** Dunder names TorchScript itself prints: its operators and a module's member lists. */
  private static final Set<String> TS_DUNDERS = Set.of("__torch__", "__is__", "__isnot__",
      "__not__", "__contains__", "__parameters__", "__buffers__", "__getitem__", "__range_length",
      "__derive_index", "__and__", "__or__", "__xor__", "__iand__", "__ior__", "__name__");
  /** Torch names generated code uses that the catalogue's module-wide entries would catch. */
  private static final List<String> TORCH_CODE_NAMES = List.of("torch.ops.aten.",
      "torch.ops.prims.", "torch.ops.higher_order.", "torch.ops.quantized.",
      "torch.ops.quantized_decomposed.", "torch.ops.prim.", "torch.ops.profiler.",
      "torch.fx._symbolic_trace.wrap", "torch.fx._pytree.", "torch.utils._pytree.",
      "torch.fx._pytree", "torch.utils._pytree", "torch.ops");
  /** File operations TorchScript can reach that are spelled as plain torch functions. */
  private static final Set<String> TORCH_FILE_OPS = Set.of("torch.from_file", "torch.save",
      "torch.load", "torch.ops.aten.from_file", "torch.ops.aten.save",
      "torch.ops.aten._save_parameters", "torch.ops.aten.load");

  private final Dialect dialect;
  private final Policy policy;
  private final Bindings names;
  private int problemLine;

  CodeJudge(Dialect dialect, Policy policy) {
    this.dialect = dialect;
    this.policy = policy;
    this.names = new Bindings(dialect == Dialect.FX);
  }

  /** The first pass: every name the source binds (see {@link Bindings}). */
  void bind(List<Line> lines) {
    names.bind(lines);
  }

  int problemLine() {
    return problemLine;
  }

  // ---- second pass: statements ----

  /** Why this statement is more than generated torch code, or null. */
  @Nullable String statement(Line l) {
    problemLine = 0;
    List<Token> t = l.tokens();
    Token first = t.get(0);
    for (Token x : t) {
      if (x.kind() == Kind.NAME && NEVER.contains(x.text())) {
        return "uses '" + x.text() + "', which " + generator() + " never emits";
      }
      if (x.fString()) {
        return "holds an f-string, whose braces run expressions";
      }
    }
    if (first.is("import") || first.is("from")) {
      return importStatement(t);
    }
    if (first.is("@")) {
      return "has a decorator, which " + generator() + " never emits";
    }
    if (first.kind() == Kind.NAME && TokenRuns.KEYWORDS.contains(first.text())
        && !Set.of("return", "pass", "del", "raise", "assert", "break", "continue", "None",
            "True", "False", "not").contains(first.text())) {
      Set<String> allowed = dialect == Dialect.FX ? FX_COMPOUND : TS_COMPOUND;
      if (!allowed.contains(first.text())) {
        return "has a '" + first.text() + "' statement, which " + generator() + " never emits";
      }
    }
    if (dialect == Dialect.FX && first.kind() == Kind.NAME && Set.of("raise", "assert")
        .contains(first.text())) {
      return "has a '" + first.text() + "' statement, which torch.fx never emits";
    }
    int eq = first.is("def") || first.is("class") ? -1 : TokenRuns.topLevel(t, 0, "=");
    if (eq > 0) {
      String why = targets(t.subList(0, eq));
      if (why != null) {
        return why;
      }
      if (aliasesAGlobal(t.subList(eq + 1, t.size()))) {
        return "binds a module or function to a name instead of calling it, which "
            + generator() + " never emits";
      }
    }
    return expression(t, eq > 0 ? eq + 1 : 0);
  }

  private String generator() {
    return dialect == Dialect.FX ? "torch.fx" : "TorchScript";
  }

  private @Nullable String importStatement(List<Token> t) {
    List<String> names = new ArrayList<>();
    if (t.get(0).is("import")) {
      for (List<Token> part : TokenRuns.split(t, 1, t.size())) {
        names.add(TokenRuns.dotted(part, 0));
      }
    } else {
      if (t.size() < 2 || t.get(1).is(".")) {
        return "has a relative import";
      }
      String module = TokenRuns.dotted(t, 1);
      int imp = TokenRuns.indexOf(t, "import");
      for (List<Token> part : TokenRuns.split(t, imp + 1, t.size())) {
        for (Token x : part) {
          if (x.kind() == Kind.NAME && !x.is("as")) {
            names.add(module + "." + x.text());
            break;
          }
        }
        if (part.stream().anyMatch(x -> x.is("*"))) {
          return "imports everything from " + module;
        }
      }
    }
    for (String n : names) {
      String why = judgeDotted(n, true);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** Assignment targets: names and attributes of values; never attributes of modules. */
  private @Nullable String targets(List<Token> t) {
    for (int k = 0; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.kind() == Kind.NAME && (k == 0 || !t.get(k - 1).is(".")) && k + 1 < t.size()
          && t.get(k + 1).is(".") && !names.value(x.text())) {
        return "assigns to an attribute of " + x.text() + ", changing it for the whole process";
      }
      if (x.kind() == Kind.NAME && (k > 0 && t.get(k - 1).is(".")) && dunder(x.text())) {
        return "assigns to the attribute " + x.text();
      }
    }
    return null;
  }

  /** {@code x = torch.load} (no call): a callable kept under another name. */
  private boolean aliasesAGlobal(List<Token> rhs) {
    if (rhs.isEmpty() || rhs.get(0).kind() != Kind.NAME || names.value(rhs.get(0).text())
        || TokenRuns.KEYWORDS.contains(rhs.get(0).text()) || rhs.get(0).is("__torch__")
        || rhs.get(0).is("CONSTANTS")) {
      return false;
    }
    for (Token x : rhs) {
      if (!(x.kind() == Kind.NAME || x.is("."))) {
        return false;
      }
    }
    return !Set.of("inf", "nan", "Ellipsis").contains(rhs.get(0).text()) && !(rhs.size() > 2
        && rhs.get(0).is("torch") && dtypeLike(rhs.get(rhs.size() - 1).text()));
  }

  private static boolean dtypeLike(String last) {
    return last.matches("(float|int|uint|bfloat|complex|bool|qint|quint)\\d*|"
        + "(contiguous|channels_last|preserve)_format|strided|sparse_coo|long|half|double|"
        + "cfloat|cdouble|float8_.*");
  }

  /** Judges every reference in {@code t} from {@code from} on. */
  private @Nullable String expression(List<Token> t, int from) {
    int depth = 0;
    for (int k = from; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.opens()) {
        depth++;
      } else if (x.closes()) {
        depth--;
      }
      if (x.is(".") && k + 1 < t.size() && t.get(k + 1).kind() == Kind.NAME && k > 0
          && !(t.get(k - 1).kind() == Kind.NAME)) {
        if (dunder(t.get(k + 1).text())) {
          problemLine = x.line();
          return "reaches the attribute " + t.get(k + 1).text();
        }
        continue;
      }
      if (x.kind() != Kind.NAME || (k > from && t.get(k - 1).is("."))
          || TokenRuns.KEYWORDS.contains(x.text())) {
        continue;
      }
      if (depth > 0 && k + 1 < t.size() && t.get(k + 1).is("=") && k > 0
          && (t.get(k - 1).is("(") || t.get(k - 1).is(","))) {
        continue; // a keyword argument's name
      }
      List<String> chain = new ArrayList<>();
      chain.add(x.text());
      int j = k + 1;
      while (j + 1 < t.size() && t.get(j).is(".") && t.get(j + 1).kind() == Kind.NAME) {
        chain.add(t.get(j + 1).text());
        j += 2;
      }
      String why = reference(chain, t, j);
      if (why != null) {
        problemLine = x.line();
        return why;
      }
      k = j - 1;
    }
    return null;
  }

  private @Nullable String reference(List<String> chain, List<Token> t, int after) {
    String root = chain.get(0);
    for (String a : chain) {
      if (dunder(a)) {
        return "reaches the attribute " + a;
      }
    }
    if (names.value(root) && !names.imported(root)) {
      return null;
    }
    String base;
    if (names.imported(root)) {
      base = names.module(root);
    } else if (dialect == Dialect.TORCHSCRIPT && root.equals("ops")) {
      base = "torch.ops";
    } else if (dialect == Dialect.TORCHSCRIPT && (root.equals("__torch__")
        || root.equals("CONSTANTS"))) {
      return null; // the archive's own classes and constants, judged where they are defined
    } else if ((dialect == Dialect.FX ? FX_BUILTINS : TS_BUILTINS).contains(root)) {
      base = root.equals("torch") || root.equals("math") ? root : "builtins." + root;
    } else {
      return "uses " + String.join(".", chain) + ", which " + generator() + " never emits";
    }
    String dotted = base + (chain.size() > 1 ? "." + String.join(".", chain.subList(1,
        chain.size())) : "");
    if (dotted.equals("builtins.getattr") || dotted.equals("builtins.hasattr")) {
      return getattr(t, after);
    }
    return dotted.startsWith("builtins.") ? null : judgeDotted(dotted, false);
  }

  /** {@code getattr(obj, "name")}: a constant, non-dunder name; on a module, judged with it. */
  private @Nullable String getattr(List<Token> t, int open) {
    if (open >= t.size() || !t.get(open).is("(")) {
      return "passes getattr on as a value";
    }
    int comma = TokenRuns.topLevel(t, open + 1, ",");
    if (comma < 0 || comma + 1 >= t.size() || t.get(comma + 1).kind() != Kind.STRING) {
      return "calls getattr with a name computed at run time";
    }
    String name = TokenRuns.unquote(t.get(comma + 1).text());
    if (dunder(name) || !name.matches("[A-Za-z0-9_][A-Za-z0-9_.]*")) {
      return "calls getattr for '" + name + "'";
    }
    Token obj = t.get(open + 1);
    if (obj.kind() != Kind.NAME || !names.value(obj.text()) || comma != open + 2) {
      // generated code reads attributes of values; on a module it fetches what no check saw
      return "calls getattr for '" + name + "' on something other than a value";
    }
    return null;
  }

  private @Nullable String judgeDotted(String dotted, boolean imported) {
    String verb = imported ? "imports " : "uses ";
    String top = dotted.split("\\.", -1)[0];
    if (top.equals("torch")) {
      String op = dotted.replaceFirst("^(torch\\.ops\\.aten\\.[^.]+).*", "$1");
      if (TORCH_FILE_OPS.contains(op) || TORCH_FILE_OPS.contains(
          op.replaceFirst("^torch\\.ops\\.aten\\.", "torch."))) {
        return verb + dotted + ", which reads or writes files";
      }
      for (String ok : TORCH_CODE_NAMES) {
        if (ok.endsWith(".") ? dotted.startsWith(ok) : dotted.equals(ok)) {
          return null;
        }
      }
      int dot = dotted.lastIndexOf('.');
      Judgement j = dot < 0 ? null : policy.judge(dotted.substring(0, dot),
          dotted.substring(dot + 1));
      return j != null && j.dangerous() ? verb + dotted + ": " + j.category() : null;
    }
    if (HARMLESS_MODULES.contains(top) || top.equals("builtins")) {
      // math and friends compute; builtins are fine but for those that run code or reach out
      int dot = dotted.lastIndexOf('.');
      Judgement j = dot < 0 ? null : policy.judge(dotted.substring(0, dot),
          dotted.substring(dot + 1));
      return j != null && j.dangerous() && !dotted.equals("builtins.getattr")
          ? verb + dotted + ": " + j.category() : null;
    }
    return verb + dotted + ", outside torch";
  }

  // ---- token helpers ----

  private boolean dunder(String name) {
    return (name.length() > 4 && name.startsWith("__") && name.endsWith("__")
        && !(dialect == Dialect.TORCHSCRIPT && TS_DUNDERS.contains(name)))
        || (name.startsWith("__") && dialect == Dialect.FX);
  }
}
