package dev.modelgate.audit;

import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.audit.deps.DependencyAudit;
import dev.modelgate.audit.deps.OsvDatabase;
import dev.modelgate.audit.natives.NativeLibraries;
import dev.modelgate.audit.python.PythonAuditor;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.Rules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Audits Python projects, virtualenvs, dependency files and model folders.
 *
 * <pre>{@code
 * AuditReport r = new Audit(AuditOptions.defaults()).run(List.of(Path.of("my-project")));
 * String json = JsonAuditReport.render(r);
 * }</pre>
 *
 * A path that does not exist or cannot be read is an {@link IOException}; everything found
 * inside is a finding.
 */
public final class Audit {
  private final AuditOptions options;

  public Audit(AuditOptions options) {
    this.options = options;
  }

  public AuditReport run(List<Path> paths) throws IOException {
    Inventory inv = new Inventory();
    for (Path p : paths) {
      inv.add(p);
    }
    OsvDatabase db = options.osv() == null ? OsvDatabase.bundled() : OsvDatabase.load(options.osv());
    List<AuditFinding> findings = new ArrayList<>();
    int[] parsed = new int[1];
    findings.addAll(python(inv.python, parsed));
    DependencyAudit deps = new DependencyAudit(db);
    for (Inventory.Source s : inv.dependencyFiles) {
      findings.addAll(deps.auditFile(s.file(), s.shown()));
    }
    for (Inventory.Source s : inv.installed) {
      findings.addAll(deps.auditInstalled(s.file(), s.shown()));
    }
    List<NativeLibraries.Vendored> natives = new ArrayList<>();
    for (Inventory.Source s : inv.nativeLibs) {
      NativeLibraries.Vendored v = NativeLibraries.identify(s.file(), s.shown());
      if (v != null) {
        natives.add(v);
        findings.addAll(NativeLibraries.findings(v));
      }
    }
    List<ScanResult> models = new ArrayList<>();
    Scanner scanner = new Scanner(options.scan());
    for (int k = 0; k < inv.models.size(); k++) {
      // one file at a time, so each result is named as the user sees the file
      for (ScanResult r : scanner.scan(List.of(inv.models.get(k))).results()) {
        if (r.topLevel()) {
          ScanResult named = new ScanResult(inv.modelShown.get(k), r.format(), r.size(),
              r.sha256(), r.verdict(), r.findings(), true);
          models.add(named);
          ModelFindings.add(named, findings);
        }
      }
    }
    AuditReport.Stats stats = new AuditReport.Stats(inv.python.size(), parsed[0],
        inv.dependencyFiles.size() + inv.installed.size(), deps.dependencies(),
        db.description(), db.size());
    return new AuditReport(findings, models, natives, stats);
  }

  /** Audits Python files on the configured threads; results keep the input order. */
  private List<AuditFinding> python(List<Inventory.Source> files, int[] parsed) throws IOException {
    int threads = Math.min(options.threads(), Math.max(1, files.size()));
    ThreadLocal<PythonAuditor> auditors = ThreadLocal.withInitial(PythonAuditor::new);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "modelgate-audit");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<AuditFinding>>> futures = new ArrayList<>();
      for (Inventory.Source s : files) {
        futures.add(pool.submit(() -> one(auditors.get(), s)));
      }
      List<AuditFinding> out = new ArrayList<>();
      for (Future<List<AuditFinding>> f : futures) {
        List<AuditFinding> r = f.get();
        if (r != null) {
          parsed[0]++;
          out.addAll(r);
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IllegalStateException("audit failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Findings of one file, or null when it was not parsed because no rule can match it. */
  private List<AuditFinding> one(PythonAuditor auditor, Inventory.Source s) {
    try {
      long size = Files.size(s.file());
      if (size > options.maxPythonBytes()) {
        return List.of(AuditFinding.at(Rules.PARSE_ERROR, "larger than "
            + options.maxPythonBytes() + " bytes; not audited", s.shown(), 0, "", Map.of()));
      }
      byte[] bytes = Files.readAllBytes(s.file());
      if (!s.remoteCode() && !PythonAuditor.mayMatch(bytes)) {
        return null;
      }
      return auditor.audit(s.shown(), bytes, s.remoteCode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
