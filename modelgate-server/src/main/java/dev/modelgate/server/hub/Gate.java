package dev.modelgate.server.hub;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.http.Metrics;
import dev.modelgate.server.policy.PolicyService;
import dev.modelgate.server.scan.Judgement;
import dev.modelgate.server.scan.RepoContext;
import dev.modelgate.server.scan.ScanService;
import dev.modelgate.server.scan.Scanned;
import dev.modelgate.server.store.HubStore;
import dev.modelgate.server.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether one repository file may be served: brings it into the store (or finds it
 * there), takes its scan under the repository's current policy (scanning the stored blob again
 * when the policy or the engine changed), adds what its repository context says, applies the
 * policy and any reviewer's release.
 */
final class Gate {
  /**
   * A judged file: in the store ({@code blob}), or still arriving ({@code transfer}, a big file
   * whose scan has already passed).
   */
  record Verdicted(Fetcher.Stored blob, Judgement judgement, boolean cacheHit,
      Transfer transfer) {}

  private final Store store;
  private final Fetcher fetcher;
  private final ScanService scans;
  private final PolicyService policies;
  private final Metrics metrics;
  private final Flights<HubStore.Scan> rescans = new Flights<>("modelgate-rescan");

  Gate(Store store, Fetcher fetcher, ScanService scans, PolicyService policies, Metrics metrics) {
    this.store = store;
    this.fetcher = fetcher;
    this.scans = scans;
    this.policies = policies;
    this.metrics = metrics;
  }

  /** The judged file, or null when it is not ready within {@code wait}. */
  Verdicted judge(String repo, String commit, Tree.Entry e, RepoPolicy policy, Duration wait)
      throws HttpError, IOException, SQLException {
    Fetcher.Stored blob = fetcher.cached(repo, commit, e.path());
    boolean hit = blob != null;
    if (blob == null) {
      long deadline = System.nanoTime() + wait.toNanos();
      Fetcher.Job job = fetcher.fetch(repo, commit, e, policy);
      if (fetcher.streams(e) && !RepoContext.relevant(e.path())) {
        Verdicted v = streaming(job, e, policy, deadline);
        if (v != null || !job.streaming.isDone()) {
          return v;
        }
      }
      blob = Wait.upTo(job.stored, left(deadline));
      if (blob == null) {
        return null;
      }
    }
    Fetcher.Stored b = blob;
    Path file = store.blobs().path(b.sha256());
    String key = policy.scanKey();
    HubStore.Scan scan = store.hub().scan(b.sha256(), key).orElse(null);
    if (scan == null) {
      scan = Wait.upTo(rescans.run(b.sha256() + "\n" + key, () -> {
        long t0 = System.nanoTime();
        Scanned s = scans.scan(file, e.path(), policy.scanPolicy());
        metrics.observe("modelgate_scan_seconds", System.nanoTime() - t0);
        HubStore.Scan row = new HubStore.Scan(s.format(), s.verdict().label(), s.findingsJson(),
            System.currentTimeMillis());
        store.hub().putScan(b.sha256(), key, row);
        return row;
      }), wait);
      if (scan == null) {
        return null;
      }
    }
    List<Scanned.Located> context = RepoContext.relevant(e.path())
        ? RepoContext.findings(e.path(), file) : List.of();
    Judgement j = Judgement.of(e.path(), scan.format(), verdict(scan.verdict()),
        findings(scan.findings()), context, policy);
    if (j.blocked()) {
      long rel = policies.release(repo, commit, e.path(), b.sha256());
      if (rel != 0) {
        j = j.released(rel);
      }
    }
    return new Verdicted(b, j, hit, null);
  }

  /**
   * The verdict of a big file while it arrives: from the scan of the growing spool. Null when it
   * is not ready in time, or when the file is not streamed after all, or would be refused (the
   * caller then waits for the stored file, which a reviewer's release may apply to).
   */
  private Verdicted streaming(Fetcher.Job job, Tree.Entry e, RepoPolicy policy, long deadline)
      throws HttpError, IOException {
    Transfer t = Wait.upTo(job.streaming, left(deadline));
    if (t == null) {
      return null;
    }
    Scanned s = Wait.upTo(t.scanned, left(deadline));
    if (s == null) {
      return null;
    }
    Judgement j = Judgement.of(e.path(), s.format(), s.verdict(), s.findings(), List.of(),
        policy);
    return j.blocked() ? null : new Verdicted(null, j, false, t);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  static Verdict verdict(String label) {
    return Verdict.valueOf(label.toUpperCase(Locale.ROOT));
  }

  /** Stored findings back into records (they were written by {@link Scanned#findingsJson}). */
  static List<Scanned.Located> findings(String json) {
    List<Scanned.Located> out = new ArrayList<>();
    Object doc;
    try {
      doc = Json.parse(json);
    } catch (JsonException e) {
      throw new IllegalStateException("stored findings are not JSON", e);
    }
    for (Object o : (List<?>) doc) {
      Map<?, ?> m = (Map<?, ?>) o;
      Verdict v = switch ((String) m.get("severity")) {
        case "critical" -> Verdict.MALICIOUS;
        case "high" -> Verdict.INVALID;
        case "medium" -> Verdict.SUSPICIOUS;
        default -> Verdict.CLEAN;
      };
      out.add(new Scanned.Located((String) m.get("path"), new Finding((String) m.get("rule"), v,
          (String) m.get("message"), (String) m.get("location"), (String) m.get("evidence"))));
    }
    return out;
  }

  void close() {
    rescans.close();
  }
}
