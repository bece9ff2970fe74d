package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRule;
import dev.modelgate.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The state of auditing one file: where findings go, and whether it is a model's remote code. */
final class FileAudit {
  private static final int MAX_EVIDENCE = 160;
  /** A generated file can hold thousands of call sites; more findings than this are not useful. */
  static final int MAX_FINDINGS = 500;

  final PySource src;
  final boolean remoteCode;
  final List<AuditFinding> findings = new ArrayList<>();
  /** Set when the file imports zmq.auth or sets a CURVE server key: ZeroMQ is authenticated. */
  boolean zmqAuth;
  /** ZeroMQ binds on all interfaces, reported at the end unless the file sets up CURVE. */
  final List<Node> pendingZmqBinds = new ArrayList<>();
  /** Functions decorated as web routes, whose request parameters are network sources. */
  final java.util.Set<Node> handlers = java.util.Collections.newSetFromMap(
      new java.util.IdentityHashMap<>());

  FileAudit(PySource src, boolean remoteCode) {
    this.src = src;
    this.remoteCode = remoteCode;
  }

  void report(AuditRule rule, Node at, String message) {
    report(rule, rule.severity(), at, message, Map.of());
  }

  void report(AuditRule rule, Severity severity, Node at, String message,
      Map<String, String> details) {
    if (findings.size() >= MAX_FINDINGS) {
      return;
    }
    String evidence = at.text().replace("\r", "");
    int nl = evidence.indexOf('\n');
    if (nl >= 0) {
      evidence = evidence.substring(0, nl) + " …";
    }
    if (evidence.length() > MAX_EVIDENCE) {
      evidence = evidence.substring(0, MAX_EVIDENCE) + "…";
    }
    findings.add(new AuditFinding(rule.id(), severity, message, src.path, at.line(), at.column(),
        src.line(at.end), src.column(at.end), evidence, null, details));
  }
}
