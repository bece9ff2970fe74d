package dev.modelgate.audit;

import dev.modelgate.ScanOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to audit.
 *
 * @param osv an OSV PyPI {@code all.zip} or a folder of OSV JSON; null for the bundled snapshot
 * @param scan how model files found in model folders are scanned
 * @param threads Python files are parsed on this many threads (tree-sitter parsers are per thread)
 * @param maxPythonBytes larger Python files are reported, not parsed
 */
public record AuditOptions(Path osv, ScanOptions scan, int threads, long maxPythonBytes) {
  public static final long DEFAULT_MAX_PYTHON_BYTES = 16L << 20;

  public AuditOptions {
    Objects.requireNonNull(scan, "scan");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
  }

  public static AuditOptions defaults() {
    return new AuditOptions(null, ScanOptions.defaults(),
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
        DEFAULT_MAX_PYTHON_BYTES);
  }

  public AuditOptions withOsv(Path p) {
    return new AuditOptions(p, scan, threads, maxPythonBytes);
  }

  public AuditOptions withThreads(int n) {
    return new AuditOptions(osv, scan, n, maxPythonBytes);
  }
}
