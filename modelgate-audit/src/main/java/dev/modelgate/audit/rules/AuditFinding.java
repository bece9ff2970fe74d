package dev.modelgate.audit.rules;

import dev.modelgate.rules.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of the audit.
 *
 * @param rule the rule's id (see {@link Rules})
 * @param severity this finding's severity (a rule's default unless the finding says more, e.g.
 *     an advisory's own severity)
 * @param message one sentence a user can act on
 * @param path the file, as given or relative to the folder given
 * @param line 1-based line, 0 when the finding is about the whole file
 * @param column 1-based column in UTF-16 code units, 0 when unknown
 * @param evidence the offending source text or requirement, clipped; may be empty
 * @param suppression the reason given in a {@code # modelgate: ignore[rule] reason} comment, or
 *     null when the finding is not suppressed
 * @param details extra facts as strings (package, version, advisory, fixed, source, …), ordered
 */
public record AuditFinding(String rule, Severity severity, String message, String path, int line,
    int column, int endLine, int endColumn, String evidence, String suppression,
    Map<String, String> details) {

  public AuditFinding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(path, "path");
    evidence = evidence == null ? "" : evidence;
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new LinkedHashMap<>(details));
  }

  /** A finding about a whole file or a line without a precise column. */
  public static AuditFinding at(AuditRule rule, String message, String path, int line,
      String evidence, Map<String, String> details) {
    return new AuditFinding(rule.id(), rule.severity(), message, path, line, line > 0 ? 1 : 0,
        line, 0, evidence, null, details);
  }

  public boolean suppressed() {
    return suppression != null;
  }

  public AuditFinding withSuppression(String reason) {
    return new AuditFinding(rule, severity, message, path, line, column, endLine, endColumn,
        evidence, reason, details);
  }

  public AuditFinding withSeverity(Severity s) {
    return new AuditFinding(rule, s, message, path, line, column, endLine, endColumn, evidence,
        suppression, details);
  }

  public AuditFinding withPath(String p) {
    return new AuditFinding(rule, severity, message, p, line, column, endLine, endColumn,
        evidence, suppression, details);
  }
}
