package dev.modelgate.format.jinja;

import dev.modelgate.format.jinja.TemplateIssue.Kind;
import dev.modelgate.format.jinja.Token.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Static analysis of a Jinja2 template (chat templates in GGUF and tokenizer configs) for
 * server-side template injection. Renderers that are not sandboxed (llama-cpp-python before
 * 0.2.72, CVE-2024-34359) execute whatever Python object graph a template can reach, so any path
 * into Python internals is an attack: dunder or {@code _}-prefixed attributes (directly, by
 * subscript, through {@code |attr} or attribute-taking filters, or built from string pieces),
 * frame/function internals, OS-level callables, attribute access on Jinja/Flask gadget globals,
 * and template loading ({@code include import extends from}). Calling {@code namespace()},
 * {@code cycler()} or {@code range()} is ordinary; reaching into them is not.
 *
 * <p>This never renders or evaluates the template beyond folding string constants.
 */
@SuppressWarnings("BadImport") // Type is Token.Type: the jinja package has no other
final class TemplateAnalyzer {
  static final int MAX_ISSUES = 50;
  private static final int SNIPPET = 160;

  /** Attributes that expose frames, code, globals or class hierarchies without a leading _. */
  private static final Set<String> INTERNALS = Set.of("func_globals", "func_code", "func_closure",
      "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code", "f_globals",
      "f_locals", "f_builtins", "f_back", "f_code", "tb_frame", "tb_next", "co_code",
      "co_consts", "im_func", "im_self", "im_class", "mro");
  /** Attributes that only modules and builtins have: running commands or evaluating code. */
  private static final Set<String> DANGEROUS = Set.of("os", "popen", "subprocess", "eval",
      "exec", "execfile", "import_module", "builtins", "getoutput", "getstatusoutput",
      "check_output", "check_call", "Popen", "spawnl", "spawnlp", "spawnv", "spawnvp", "execl",
      "execlp", "execv", "execvp", "execve", "load_module", "breakpoint");
  /**
   * Names that are ordinary attributes of template data ({@code ns.system} holds the system
   * prompt in Mistral templates) but dangerous on a module: flagged only after a module name.
   */
  private static final Set<String> DANGEROUS_ON_MODULE = Set.of("system", "open", "modules",
      "compile", "globals", "locals", "getattr", "setattr", "delattr", "run", "call", "remove",
      "rmtree", "unlink", "listdir", "read", "write");
  private static final Set<String> MODULES = Set.of("os", "sys", "posix", "nt", "builtins", "__builtins__",
      "subprocess", "io", "codecs", "importlib", "shutil", "pathlib", "socket", "pty");
  /** Globals of Jinja and Flask whose internals lead to Python globals. */
  private static final Set<String> GADGET_ROOTS = Set.of("cycler", "joiner", "namespace",
      "lipsum", "url_for", "get_flashed_messages", "config", "request", "self", "range", "dict",
      "session", "g");
  private static final Set<String> FILE_STATEMENTS = Set.of("include", "import", "extends",
      "from");
  /** Filters whose string arguments name attributes (possibly dotted paths). */
  private static final Set<String> ATTRIBUTE_FILTERS = Set.of("map", "selectattr", "rejectattr",
      "sort", "groupby", "sum", "unique", "min", "max");
  private static final Set<String> BLOCKS = Set.of("if", "for", "macro", "call", "filter",
      "with", "autoescape", "block", "generation");
  private static final Pattern DUNDER = Pattern.compile("__[A-Za-z][A-Za-z0-9_]*__");
  private static final List<String> KNOWN_DUNDERS = List.of("__class__", "__mro__",
      "__subclasses__", "__globals__", "__builtins__", "__import__", "__init__", "__base__",
      "__bases__", "__dict__", "__getattribute__", "__code__", "__closure__", "__func__",
      "__self__", "__module__", "__loader__", "__spec__", "__reduce__", "__getitem__",
      "__subclasshook__", "__traceback__", "__call__", "__new__");

  private final String src;
  private final List<Token> t;
  private final List<TemplateIssue> issues = new ArrayList<>();
  private final Map<String, Object> constants = new HashMap<>();
  /** Index of the tag being analysed; one issue is reported per tag. */
  private int tag = -1;
  private int reportedTag = -2;

  private TemplateAnalyzer(String src, List<Token> tokens) {
    this.src = src;
    this.t = tokens;
  }

  /** Issues found in {@code template}, injection first; empty for an ordinary template. */
  public static List<TemplateIssue> analyze(String template) {
    List<Token> tokens = new ArrayList<>();
    TemplateSyntaxException syntax = null;
    try {
      JinjaLexer.tokenize(template, tokens);
    } catch (TemplateSyntaxException e) {
      syntax = e;
    }
    TemplateAnalyzer a = new TemplateAnalyzer(template, tokens);
    try {
      a.tags(syntax == null);
    } catch (TemplateSyntaxException e) {
      syntax = syntax == null ? e : syntax;
    }
    if (syntax != null) {
      int at = Math.min(Math.max(0, syntax.offset()), template.length());
      a.issues.add(new TemplateIssue(Kind.SYNTAX, "template does not compile: "
          + syntax.getMessage(), at, clip(template.substring(at))));
    }
    return List.copyOf(a.issues);
  }

  private void tags(boolean complete) throws TemplateSyntaxException {
    Deque<Token> open = new ArrayDeque<>();
    int k = 0;
    while (k < t.size()) {
      int end = k + 1;
      while (end < t.size() && t.get(end).type() != Type.VAR_END
          && t.get(end).type() != Type.BLOCK_END) {
        end++;
      }
      // t[k] is the begin delimiter; (k, end) the tag's tokens; end may be t.size() if cut off
      if (t.get(k).type() == Type.BLOCK_BEGIN && end > k + 1) {
        statement(k + 1, end, open);
      }
      expression(k, Math.min(end, t.size()));
      k = end + 1;
    }
    if (complete && !open.isEmpty()) {
      Token b = open.peek();
      throw new TemplateSyntaxException("{% " + b.text() + " %} is never closed", b.start());
    }
  }

  private void statement(int from, int to, Deque<Token> open) throws TemplateSyntaxException {
    Token kw = t.get(from);
    String name = kw.type() == Type.NAME ? kw.text() : "";
    tag = from - 1;
    if (FILE_STATEMENTS.contains(name)) {
      add(kw, "{% " + name + " %} loads another template from the renderer's file system");
    } else if (BLOCKS.contains(name) || (name.equals("set") && !hasTopLevel(from, to, "="))) {
      open.push(kw);
    } else if (name.startsWith("end") && (BLOCKS.contains(name.substring(3))
        || name.equals("endset"))) {
      if (open.isEmpty() || !open.peek().text().equals(name.substring(3))) {
        throw new TemplateSyntaxException("{% " + name + " %} does not close an open block",
            kw.start());
      }
      open.pop();
    } else if (name.equals("elif") || name.equals("else")) {
      String top = open.isEmpty() ? "" : open.peek().text();
      if (!top.equals("if") && !(name.equals("else") && top.equals("for"))) {
        throw new TemplateSyntaxException("{% " + name + " %} outside {% if %}", kw.start());
      }
    } else if (name.equals("set") && to - from >= 4 && t.get(from + 1).type() == Type.NAME
        && t.get(from + 2).op("=")) {
      // remember constant strings so x[a ~ b] with {% set a = '__cla' %} folds to __class__
      Optional<Object> v = ConstantFolder.fold(t, from + 3, to, constants);
      if (v.isPresent()) {
        constants.put(t.get(from + 1).text(), v.get());
      } else {
        constants.remove(t.get(from + 1).text());
      }
    }
  }

  private void expression(int begin, int to) {
    tag = begin;
    StringBuilder literals = new StringBuilder();
    for (int k = begin + 1; k < to; k++) {
      Token x = t.get(k);
      Token prev = t.get(k - 1);
      Token next = k + 1 < to ? t.get(k + 1) : null;
      switch (x.type()) {
        case STRING -> {
          literals.append(x.text());
          if (DUNDER.matcher(x.text()).find() || containsInternal(x.text())) {
            add(x, "string literal names Python internals");
          }
        }
        case NAME -> {
          boolean attribute = prev.op(".");
          if (attribute) {
            checkAttribute(x.text(), x, true);
            if (DANGEROUS_ON_MODULE.contains(x.text()) && k >= 2
                && t.get(k - 2).type() == Type.NAME && MODULES.contains(t.get(k - 2).text())) {
              add(x, "call path '" + t.get(k - 2).text() + "." + x.text()
                  + "' runs commands, evaluates code or touches files");
            }
          } else if (internal(x.text())) {
            add(x, "name '" + clip(x.text()) + "' refers to a Python internal");
          }
          if (!attribute && GADGET_ROOTS.contains(x.text()) && next != null
              && (next.op(".") || next.op("[") || isAttrFilter(k + 1, to))) {
            add(x, "attribute access into the '" + x.text() + "' global, a known sandbox-escape"
                + " gadget");
          }
          if (prev.op("|") && x.text().equals("attr")) {
            attrFilter(k + 1, to, x);
          } else if (prev.op("|") && ATTRIBUTE_FILTERS.contains(x.text())) {
            attributeArguments(k + 1, to);
          }
        }
        case OP -> {
          if (x.op("[") && (prev.type() == Type.NAME || prev.type() == Type.STRING
              || prev.op(")") || prev.op("]"))) {
            subscript(k, to);
          }
        }
        default -> { }
      }
    }
    String all = literals.toString().toLowerCase(Locale.ROOT);
    String reversed = new StringBuilder(all).reverse().toString();
    if (begin + 1 < to && (containsKnownDunder(all) || containsKnownDunder(reversed))) {
      add(t.get(begin + 1), "string pieces in this tag assemble a Python internal name");
    }
  }

  private void subscript(int open, int to) {
    int close = matching(open, to);
    if (close < 0 || hasTopLevel(open + 1, close, ":")) {
      return;
    }
    Optional<Object> key = ConstantFolder.fold(t, open + 1, close, constants);
    if (key.isPresent() && key.get() instanceof String s) {
      checkAttribute(s, t.get(open), false);
    } else if (key.isEmpty()) {
      for (int k = open + 1; k < close; k++) {
        Token x = t.get(k);
        if (x.type() == Type.STRING && (x.text().startsWith("_") || x.text().contains("__"))) {
          add(x, "subscript key built at render time from underscore pieces");
          return;
        }
      }
    }
  }

  private void attrFilter(int from, int to, Token at) {
    if (from >= to || !t.get(from).op("(")) {
      add(at, "|attr without an argument");
      return;
    }
    int close = matching(from, to);
    int argEnd = close < 0 ? to : close;
    int comma = from + 1;
    while (comma < argEnd && !t.get(comma).op(",")) {
      comma++;
    }
    Optional<Object> name = ConstantFolder.fold(t, from + 1, comma, constants);
    if (name.isPresent() && name.get() instanceof String s) {
      checkAttribute(s, at, true);
    } else {
      add(at, "|attr with an attribute name computed at render time");
    }
  }

  private void attributeArguments(int from, int to) {
    if (from >= to || !t.get(from).op("(")) {
      return;
    }
    int close = matching(from, to);
    for (int k = from + 1; k < (close < 0 ? to : close); k++) {
      if (t.get(k).type() == Type.STRING) {
        for (String part : t.get(k).text().split("\\.", -1)) {
          if (internal(part)) {
            add(t.get(k), "filter reads the Python internal attribute '" + clip(part) + "'");
          }
        }
      }
    }
  }

  /** {@code dangerousToo}: also flag OS-level callables (for attribute syntax and |attr). */
  private void checkAttribute(String name, Token at, boolean dangerousToo) {
    if (internal(name)) {
      add(at, "access to Python internal attribute '" + clip(name) + "'");
    } else if (dangerousToo && DANGEROUS.contains(name)) {
      add(at, "access to '" + name + "', which runs commands, evaluates code or opens files");
    }
  }

  private static boolean internal(String name) {
    return name.startsWith("_") || INTERNALS.contains(name);
  }

  private static boolean containsInternal(String s) {
    for (String n : INTERNALS) {
      if (s.contains(n) && !n.equals("mro")) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsKnownDunder(String s) {
    for (String d : KNOWN_DUNDERS) {
      if (s.contains(d)) {
        return true;
      }
    }
    return false;
  }

  private boolean isAttrFilter(int k, int to) {
    return k + 1 < to && t.get(k).op("|") && t.get(k + 1).is(Type.NAME, "attr");
  }

  /** Index of the bracket closing the one at {@code open}, or -1 before {@code to}. */
  private int matching(int open, int to) {
    int depth = 0;
    for (int k = open; k < to; k++) {
      Token x = t.get(k);
      if (x.op("(") || x.op("[") || x.op("{")) {
        depth++;
      } else if ((x.op(")") || x.op("]") || x.op("}")) && --depth == 0) {
        return k;
      }
    }
    return -1;
  }

  private boolean hasTopLevel(int from, int to, String op) {
    int depth = 0;
    for (int k = from; k < to; k++) {
      Token x = t.get(k);
      if (x.op("(") || x.op("[") || x.op("{")) {
        depth++;
      } else if (x.op(")") || x.op("]") || x.op("}")) {
        depth--;
      } else if (depth == 0 && x.op(op)) {
        return true;
      }
    }
    return false;
  }

  private void add(Token at, String message) {
    if (issues.size() < MAX_ISSUES && reportedTag != tag) {
      reportedTag = tag;
      issues.add(new TemplateIssue(Kind.INJECTION, message, at.start(), snippet(at)));
    }
  }

  /** The tag around {@code at}, bounded to about {@link #SNIPPET} characters. */
  private String snippet(Token at) {
    int from = src.lastIndexOf('{', at.start());
    from = from < 0 || at.start() - from > SNIPPET / 2 ? Math.max(0, at.start() - SNIPPET / 2)
        : from;
    int close = src.indexOf('}', at.end());
    int to = close < 0 || close + 2 - at.end() > SNIPPET / 2
        ? Math.min(src.length(), at.end() + SNIPPET / 2)
        : Math.min(src.length(), close + 2);
    to = Math.min(to, from + SNIPPET); // a long token must not make the snippet long
    return src.substring(from, to).replace('\n', ' ');
  }

  private static String clip(String s) {
    return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET - 3) + "...";
  }
}
