package dev.modelgate.convert;

import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The input is not converted because its scan verdict is not {@code clean}: loading it could run
 * code or it is malformed. {@link #report()} holds the findings.
 */
public final class RefusedException extends IOException {
  private final transient @Nullable ScanReport report;

  public RefusedException(String path, ScanReport report) {
    super(message(path, report));
    this.report = report;
  }

  /** Refused for a reason other than the scan (an object array, which is a pickle). */
  public RefusedException(String message) {
    super(message);
    this.report = null;
  }

  /** The scan that refused the input, or null. */
  public @Nullable ScanReport report() {
    return report;
  }

  private static String message(String path, ScanReport report) {
    Verdict worst = Verdict.CLEAN;
    StringBuilder findings = new StringBuilder();
    for (ScanResult r : report.results()) {
      worst = Verdict.worst(worst, r.verdict());
      for (var f : r.findings()) {
        if (f.verdict() != Verdict.CLEAN && findings.length() < 2000) {
          findings.append("\n  ").append(f.rule()).append(": ").append(f.message());
        }
      }
    }
    return path + " is " + worst.label() + ", not converted:" + findings;
  }
}
