package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inline suppressions: {@code # modelgate: ignore[rule-id, other-id] reason}. A comment applies to
 * findings on its own line or, when it stands alone on a line, on the next line; a finding
 * spanning several lines is suppressed by a comment on any of them. Without a reason it does not
 * suppress and is itself reported.
 */
final class Suppressions {
  private static final String MARK = "modelgate:";

  private record Entry(List<String> rules, String reason, boolean standalone, Node comment) {}

  private final Map<Integer, Entry> byLine = new HashMap<>();

  Suppressions(List<Node> comments, FileAudit file) {
    for (Node c : comments) {
      String text = c.text();
      int m = text.indexOf(MARK);
      if (m < 0) {
        continue;
      }
      String rest = text.substring(m + MARK.length()).strip();
      if (!rest.startsWith("ignore[")) {
        continue;
      }
      int close = rest.indexOf(']');
      if (close < 0) {
        continue;
      }
      List<String> rules = new ArrayList<>();
      for (String id : rest.substring("ignore[".length(), close).split(",", 0)) {
        if (!id.isBlank()) {
          rules.add(id.strip());
        }
      }
      String reason = rest.substring(close + 1).strip();
      if (reason.isEmpty()) {
        file.report(AuditRules.SUPPRESSION_REASON, c, "suppression without a reason is not applied");
        continue;
      }
      String before = file.src.lineText(c.line()).substring(0,
          Math.min(c.column() - 1, file.src.lineText(c.line()).length()));
      byLine.put(c.line(), new Entry(rules, reason, before.isBlank(), c));
    }
  }

  AuditFinding apply(AuditFinding f) {
    if (f.rule().equals(AuditRules.SUPPRESSION_REASON)) {
      return f;
    }
    for (int line = f.line() - 1; line <= Math.max(f.line(), f.endLine()); line++) {
      Entry e = byLine.get(line);
      if (e == null || (line == f.line() - 1 && !e.standalone)) {
        continue;
      }
      if (e.rules.contains(f.rule()) || e.rules.contains("*")) {
        return f.withSuppression(e.reason);
      }
    }
    return f;
  }
}
