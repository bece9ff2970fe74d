package dev.modelgate.audit;

import dev.modelgate.ScanResult;
import dev.modelgate.audit.natives.NativeLibraries;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.rules.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an audit found: findings (suppressed ones included, marked), the scan results of model
 * files in model folders, the vendored native libraries, and counts.
 */
public record AuditReport(List<AuditFinding> findings, List<ScanResult> models,
    List<NativeLibraries.Vendored> natives, Stats stats) {

  /**
   * What the audit read.
   *
   * @param pythonFiles Python files found
   * @param parsed Python files parsed (the others contain no name any rule looks for)
   * @param dependencyFiles requirements, lock and metadata files read
   * @param dependencies dependencies checked against advisories
   * @param advisories where the advisories came from, and how many
   */
  public record Stats(int pythonFiles, int parsed, int dependencyFiles, int dependencies,
      String advisories, int advisoryCount) {}

  public AuditReport {
    findings = List.copyOf(findings);
    models = List.copyOf(models);
    natives = List.copyOf(natives);
  }

  /** Unsuppressed findings per severity. */
  public Map<Severity, Integer> bySeverity() {
    Map<Severity, Integer> m = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      m.put(s, 0);
    }
    for (AuditFinding f : findings) {
      if (!f.suppressed()) {
        m.merge(f.severity(), 1, Integer::sum);
      }
    }
    return m;
  }

  public int suppressed() {
    return (int) findings.stream().filter(AuditFinding::suppressed).count();
  }

  /** True when an unsuppressed finding has at least this severity (the CLI's exit code 1). */
  public boolean hasFindingsAtOrAbove(Severity threshold) {
    return findings.stream().anyMatch(f -> !f.suppressed()
        && f.severity().compareTo(threshold) >= 0);
  }
}
