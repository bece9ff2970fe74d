package dev.modelgate.audit.report;

import dev.modelgate.audit.AuditReport;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.rules.Severity;
import java.util.Map;

/**
 * Human output: one line per finding ({@code file:line:column  severity  rule  message}), the
 * source text beneath, suppressed findings last, then one summary line. Colour only on request.
 */
public final class TextAuditReport {
  private TextAuditReport() {}

  public static String render(AuditReport report, boolean colour) {
    StringBuilder b = new StringBuilder();
    for (boolean suppressed : new boolean[] {false, true}) {
      for (AuditFinding f : report.findings()) {
        if (f.suppressed() != suppressed) {
          continue;
        }
        String where = Fields.safe(f.path()) + (f.line() > 0 ? ":" + f.line()
            + (f.column() > 0 ? ":" + f.column() : "") : "");
        b.append(where).append("  ")
            .append(paint(String.format("%-8s", f.severity().label()), f.severity(),
                colour && !suppressed))
            .append("  ").append(f.rule()).append("  ").append(Fields.safe(f.message()));
        if (suppressed) {
          b.append("  [suppressed: ").append(Fields.safe(f.suppression())).append(']');
        }
        b.append('\n');
        if (!f.evidence().isEmpty()) {
          b.append("    ").append(Fields.safe(f.evidence())).append('\n');
        }
      }
    }
    Map<Severity, Integer> s = report.bySeverity();
    int total = s.values().stream().mapToInt(Integer::intValue).sum();
    AuditReport.Stats st = report.stats();
    b.append(total).append(total == 1 ? " finding" : " findings").append(" (")
        .append(s.get(Severity.CRITICAL)).append(" critical, ")
        .append(s.get(Severity.HIGH)).append(" high, ")
        .append(s.get(Severity.MEDIUM)).append(" medium, ")
        .append(s.get(Severity.INFO)).append(" info), ")
        .append(report.suppressed()).append(" suppressed; ")
        .append(st.pythonFiles()).append(" Python files (").append(st.parsed())
        .append(" parsed), ").append(st.dependencyFiles()).append(" dependency files, ")
        .append(st.dependencies()).append(" dependencies checked against ")
        .append(Fields.safe(st.advisories())).append(" (").append(st.advisoryCount())
        .append(" advisories), ").append(report.models().size())
        .append(" model files scanned\n");
    return b.toString();
  }

  private static String paint(String text, Severity s, boolean colour) {
    if (!colour) {
      return text;
    }
    String code = switch (s) {
      case CRITICAL -> "1;31";
      case HIGH -> "31";
      case MEDIUM -> "33";
      case INFO -> "36";
    };
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }
}
