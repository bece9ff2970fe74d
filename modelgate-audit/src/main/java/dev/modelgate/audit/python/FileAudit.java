package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The state of auditing one file: where findings go, and whether it is a model's remote code. */
final class FileAudit {
  private static final int MAX_EVIDENCE = 160;
  /** A generated file can hold thousands of call sites; more findings than this are not useful. */
  static final int MAX_FINDINGS = 500;

  final PySource src;
  final boolean remoteCode;
  /** What was parsed: the file, or the file with bodies cut. */
  final Reduction reduction;
  /** Where cut bodies are recorded as the walk meets them; null when nothing was cut. */
  final SkippedBodies skipped;
  final List<AuditFinding> findings = new ArrayList<>();
  /** Set when the file imports zmq.auth or sets a CURVE server key: ZeroMQ is authenticated. */
  boolean zmqAuth;
  /** ZeroMQ binds on all interfaces, reported at the end unless the file sets up CURVE. */
  final List<Node> pendingZmqBinds = new ArrayList<>();
  /** Functions decorated as web routes, whose request parameters are network sources. */
  final Set<Node> handlers = Collections.newSetFromMap(new IdentityHashMap<>());

  FileAudit(PySource src, boolean remoteCode, Reduction reduction, SkippedBodies skipped) {
    this.src = src;
    this.remoteCode = remoteCode;
    this.reduction = reduction;
    this.skipped = skipped;
  }

  /** The outline index of the body cut where {@code body} stands, or -1 when it was parsed. */
  int cutBody(Node body) {
    return skipped == null ? -1 : reduction.cutAt(body.start);
  }

  void report(String rule, Node at, String message) {
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
    findings.add(new AuditFinding(rule, AuditRules.severity(rule), message, src.path, at.line(),
        at.column(), src.line(at.end), src.column(at.end), evidence, null, Map.of()));
  }
}
