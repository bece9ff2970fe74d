package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits Python source: parses it with tree-sitter-python, resolves imports, aliases and
 * constants, follows taint inside each function, applies the rules and inline suppressions.
 *
 * <p>Parsing is most of the cost, so a file is first read by {@link Lexer} (a fraction of a
 * parse) and {@link RuleFamilies} decides which rules can fire at all: a file where none can is
 * not parsed, and function and class bodies that no active rule needs are cut before parsing
 * ({@link Reduction}). Findings are the same as with every file parsed whole (checked by
 * {@code PrefilterDifferentialTest}); see {@link RuleFamilies} for the one case that is not.
 * Not thread-safe (it owns a native parser): one per thread.
 */
public final class PythonAuditor {
  /** A cut body that turns out to be needed makes the file parse again; after this many
   * attempts it is parsed whole. */
  private static final int MAX_ATTEMPTS = 3;
  private final PyParser parser = new PyParser();
  private final boolean prefilter;

  /** An auditor with the prefilter on. */
  public PythonAuditor() {
    this(true);
  }

  /** @param prefilter false parses every file whole (to measure or check the prefilter) */
  public PythonAuditor(boolean prefilter) {
    this.prefilter = prefilter;
  }

  /**
   * One file's audit.
   *
   * @param findings the file's findings, sorted by position
   * @param parsed false when no rule can fire in the file, so it was not parsed
   */
  public record Result(List<AuditFinding> findings, boolean parsed) {}

  public List<AuditFinding> audit(String path, byte[] bytes, boolean remoteCode) {
    return auditFile(path, bytes, remoteCode).findings();
  }

  /** Audits one file; {@code remoteCode} for Python files of a model folder (every call counts). */
  public Result auditFile(String path, byte[] bytes, boolean remoteCode) {
    PySource src = PySource.of(path, bytes);
    Outline o = remoteCode || !prefilter ? null : Lexer.outline(src.utf8);
    if (o == null || o.confused()) {
      return new Result(run(src, remoteCode, Reduction.none(src.utf8), null, true).findings, true);
    }
    List<RuleFamilies.Family> families = RuleFamilies.active(o.present());
    if (families.isEmpty()) {
      return new Result(List.of(), false);
    }
    boolean[] bodyWords = RuleFamilies.bodyWords(families);
    boolean comments = o.present()[RuleFamilies.MARKER];
    Set<Integer> keep = new HashSet<>();
    for (int attempt = 1; ; attempt++) {
      boolean whole = o.blocksUnreliable() || attempt >= MAX_ATTEMPTS;
      Reduction r = whole ? Reduction.none(src.utf8) : Reduction.of(src.utf8, o, bodyWords, keep);
      SkippedBodies skipped = r.reduces() ? new SkippedBodies(bodyWords) : null;
      Run run = run(src, false, r, skipped, comments);
      if (!r.reduces()) {
        return new Result(run.findings, true);
      }
      if (run.syntaxError) {
        // a cut may have hidden or moved the error: what is reported comes from the whole file
        attempt = MAX_ATTEMPTS - 1;
        continue;
      }
      Set<Integer> more = skipped.mustParse(o, src.utf8);
      if (more.isEmpty()) {
        return new Result(run.findings, true);
      }
      keep.addAll(more);
    }
  }

  private record Run(List<AuditFinding> findings, boolean syntaxError) {}

  private Run run(PySource src, boolean remoteCode, Reduction r, SkippedBodies skipped,
      boolean comments) {
    String path = src.path;
    PyParser.Tree tree = parser.parse(src, r, comments);
    FileAudit file = new FileAudit(src, remoteCode, r, skipped);
    if (tree == null) {
      file.findings.add(AuditFinding.at(AuditRules.PARSE_ERROR, "the parser gave up on this "
          + "file; it was not audited", path, 0, "", Map.of()));
      return new Run(file.findings, false);
    }
    new Walker(file).walkModule(tree.root());
    if (!file.zmqAuth) {
      for (Node bind : file.pendingZmqBinds) {
        file.report(AuditRules.EXPOSED_SERVICE, bind, "ZeroMQ socket bound on all interfaces "
            + "without CURVE authentication");
      }
    }
    if (tree.errorOffset() >= 0) {
      int line = src.line(tree.errorOffset());
      file.findings.add(new AuditFinding(AuditRules.PARSE_ERROR,
          AuditRules.severity(AuditRules.PARSE_ERROR),
          "syntax error; the parser recovered and audited the rest of the file", path, line,
          src.column(tree.errorOffset()), line, 0, src.lineText(line).strip(), null, Map.of()));
    }
    if (remoteCode) {
      file.findings.add(0, AuditFinding.at(AuditRules.REMOTE_CODE, "Python file in a model "
          + "folder: transformers runs it when the model is loaded with trust_remote_code=True",
          path, 1, "", Map.of()));
    }
    List<AuditFinding> out = new ArrayList<>(file.findings.size());
    if (comments) {
      Suppressions sup = new Suppressions(comments(tree.root()), file);
      for (AuditFinding f : file.findings) {
        out.add(sup.apply(f));
      }
    } else {
      out.addAll(file.findings);
    }
    out.sort(Comparator.comparingInt(AuditFinding::line).thenComparingInt(AuditFinding::column));
    return new Run(out, tree.errorOffset() >= 0);
  }

  private static List<Node> comments(Node root) {
    List<Node> comments = new ArrayList<>();
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (n.is("comment")) {
        comments.add(n);
      }
      for (Node c : n.children) {
        stack.push(c);
      }
    }
    return comments;
  }
}
