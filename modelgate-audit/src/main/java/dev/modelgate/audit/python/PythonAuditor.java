package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.Rules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Audits Python source: parses it with tree-sitter-python, resolves imports, aliases and
 * constants, follows taint inside each function, applies the rules and inline suppressions.
 * Not thread-safe (it owns a native parser): one per thread.
 */
public final class PythonAuditor {
  private final PyParser parser = new PyParser();

  /** Files parsed, and files skipped by {@link #mayMatch}, for the report's statistics. */
  private int parsed;

  public List<AuditFinding> audit(String path, byte[] bytes, boolean remoteCode) {
    parser.skipQuietBodies = !remoteCode;
    PyParser.Tree tree = parser.parse(path, bytes);
    parsed++;
    PySource src = tree == null ? new PySource(path, new byte[0]) : tree.src();
    FileAudit file = new FileAudit(src, remoteCode);
    if (tree == null) {
      file.findings.add(AuditFinding.at(Rules.PARSE_ERROR, "the parser gave up on this file "
          + "(time limit); it was not audited", path, 0, "", java.util.Map.of()));
      return file.findings;
    }
    new Walker(file).walkModule(tree.root());
    if (!file.zmqAuth) {
      for (Node bind : file.pendingZmqBinds) {
        file.report(Rules.EXPOSED_SERVICE, bind, "ZeroMQ socket bound on all interfaces "
            + "without CURVE authentication");
      }
    }
    List<Node> comments = new ArrayList<>();
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(tree.root());
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (n.is("comment")) {
        comments.add(n);
      }
      for (Node c : n.children) {
        stack.push(c);
      }
    }
    if (tree.errorOffset() >= 0) {
      int line = src.line(tree.errorOffset());
      file.findings.add(new AuditFinding(Rules.PARSE_ERROR.id(), Rules.PARSE_ERROR.severity(),
          "syntax error; the parser recovered and audited the rest of the file", path, line,
          src.column(tree.errorOffset()), line, 0, src.lineText(line).strip(), null,
          java.util.Map.of()));
    }
    if (remoteCode) {
      file.findings.add(0, AuditFinding.at(Rules.REMOTE_CODE, "Python file in a model folder: "
          + "transformers runs it when the model is loaded with trust_remote_code=True", path, 1,
          "", java.util.Map.of()));
    }
    Suppressions sup = new Suppressions(comments, file);
    List<AuditFinding> out = new ArrayList<>(file.findings.size());
    for (AuditFinding f : file.findings) {
      out.add(sup.apply(f));
    }
    out.sort(java.util.Comparator.comparingInt(AuditFinding::line)
        .thenComparingInt(AuditFinding::column));
    return out;
  }

  public int parsed() {
    return parsed;
  }

  /**
   * Whether any rule can fire on this source: every rule needs one of these names in the text
   * (a callee, an import, a getattr/__import__ argument, a keyword or a suppression comment), so
   * a file with none of them is not parsed at all. This is a filter for speed, not a rule.
   */
  public static boolean mayMatch(byte[] bytes) {
    return Prefilter.mayMatch(bytes);
  }
}
