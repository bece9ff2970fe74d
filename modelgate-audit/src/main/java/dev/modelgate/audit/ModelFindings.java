package dev.modelgate.audit;

import dev.modelgate.ScanResult;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.Rules;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Severity;
import dev.modelgate.rules.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A model file that is not clean becomes one {@code model.file} finding carrying its verdict. */
final class ModelFindings {
  private ModelFindings() {}

  static void add(ScanResult r, List<AuditFinding> out) {
    if (r.verdict() == Verdict.CLEAN) {
      return;
    }
    Severity sev = switch (r.verdict()) {
      case MALICIOUS -> Severity.CRITICAL;
      case INVALID -> Severity.HIGH;
      default -> Severity.MEDIUM;
    };
    Finding first = r.findings().stream().filter(f -> f.verdict() == r.verdict()).findFirst()
        .orElse(r.findings().isEmpty() ? null : r.findings().get(0));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("verdict", r.verdict().label());
    details.put("format", r.format());
    if (first != null) {
      details.put("scanRule", first.rule());
    }
    String msg = "model file is " + r.verdict().label() + " (" + r.format() + ")"
        + (first == null ? "" : ": " + first.message());
    out.add(new AuditFinding(Rules.MODEL_FILE.id(), sev, msg, r.path(), 0, 0, 0, 0,
        first == null ? "" : first.evidence(), null, details));
  }
}
