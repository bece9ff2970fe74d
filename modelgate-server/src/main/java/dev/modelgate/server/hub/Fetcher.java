package dev.modelgate.server.hub;

import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.http.Metrics;
import dev.modelgate.server.scan.ScanService;
import dev.modelgate.server.scan.Scanned;
import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.HubStore;
import dev.modelgate.server.store.Spool;
import dev.modelgate.server.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Brings one repository file into the blob store: streams it from the upstream into a private
 * spool (hashing as it writes), checks the bytes against what the upstream promised (the tree's
 * and {@code X-Linked-Etag}'s sha256 for LFS files, the git blob id for the others, and the
 * size), fsyncs, scans that same file, and only then renames it into place and records it. Bytes
 * that do not match are refused and never stored. Fetches of one file share one run.
 */
final class Fetcher implements AutoCloseable {
  /** A file in the blob store. */
  record Stored(String sha256, long size) {}

  private final Upstream upstream;
  private final Store store;
  private final ScanService scans;
  private final Metrics metrics;
  private final long maxFile;
  private final Semaphore slots;
  private final Flights<Stored> flights = new Flights<>("modelgate-fetch");

  Fetcher(Upstream upstream, Store store, ScanService scans, Metrics metrics, long maxFile,
      int concurrent) {
    this.upstream = upstream;
    this.store = store;
    this.scans = scans;
    this.metrics = metrics;
    this.maxFile = maxFile;
    this.slots = new Semaphore(concurrent, true);
  }

  /** The stored blob of the file, if it is in place. */
  Stored cached(String repo, String commit, String path) throws SQLException {
    var f = store.hub().file(repo, commit, path);
    if (f.isPresent() && store.blobs().has(f.get().sha256(), f.get().size())) {
      return new Stored(f.get().sha256(), f.get().size());
    }
    return null;
  }

  /** Starts (or joins) the fetch of {@code e}; it scans under {@code policy} as well. */
  CompletableFuture<Stored> fetch(String repo, String commit, Tree.Entry e, RepoPolicy policy) {
    return flights.run(repo + "\n" + commit + "\n" + e.path(), () -> {
      Stored s = cached(repo, commit, e.path());
      if (s != null) {
        return s;
      }
      slots.acquire();
      try {
        return download(repo, commit, e, policy);
      } finally {
        slots.release();
      }
    });
  }

  private Stored download(String repo, String commit, Tree.Entry e, RepoPolicy policy)
      throws Exception {
    long expected = e.fileSize();
    if (expected > maxFile) {
      throw refuse(repo, commit, e, "file.too-large", e.path() + " is " + expected
          + " bytes, more than the configured max_file_bytes (" + maxFile + ")");
    }
    Path tmp = store.blobs().root().resolve("tmp");
    long free = Files.getFileStore(tmp).getUsableSpace();
    if (free < expected + (64L << 20)) {
      throw new HttpError(503, "not enough disk space in the data folder for " + e.path());
    }
    String uri = "/" + repo + "/resolve/" + commit + "/" + HubPaths.encodePath(e.path());
    try (Upstream.Answer a = upstream.get(upstream.uri(uri), false);
        Spool spool = store.blobs().spool("fetch", e.lfs() ? -1 : expected)) {
      if (a.status() == 404) {
        throw new HttpError(404, "upstream: " + e.path() + " not found at " + commit)
            .header("X-Error-Code", "EntryNotFound");
      }
      if (a.status() != 200) {
        throw new HttpError(502, "upstream answered HTTP " + a.status() + " for " + e.path());
      }
      checkPromises(repo, commit, e, a);
      long n = copy(a.body(), spool, expected);
      metrics.count("modelgate_bytes_fetched_total", "", n);
      Spool.Digests d = spool.finish();
      if (n != expected) {
        throw mismatch(repo, commit, e, "the upstream sent " + n + " bytes, the tree lists "
            + expected);
      }
      if (e.lfs() ? !d.sha256().equals(e.lfsSha256()) : !d.gitSha1().equals(e.oid())) {
        throw mismatch(repo, commit, e, "the bytes' " + (e.lfs() ? "sha256 " + d.sha256()
            : "git blob id " + d.gitSha1()) + " does not match the upstream's "
            + (e.lfs() ? "X-Linked-Etag/LFS oid " + e.lfsSha256() : "ETag/oid " + e.oid()));
      }
      // scanned before it is renamed into place: the store never holds an unjudged blob
      long t0 = System.nanoTime();
      Scanned sc = scans.scan(spool.path(), e.path(), policy.scanPolicy());
      metrics.observe("modelgate_scan_seconds", System.nanoTime() - t0);
      store.blobs().commit(spool, d.sha256());
      store.hub().putScan(d.sha256(), policy.scanKey(), new HubStore.Scan(sc.format(),
          sc.verdict().label(), sc.findingsJson(), System.currentTimeMillis()));
      store.hub().putFile(repo, commit, e.path(), d.sha256(), n);
      store.events().append(Event.of("fetch").file(repo, null, commit, e.path())
          .blob(d.sha256(), n, sc.format()).verdict(sc.verdict().label(), false, null,
              sc.findingsJson()).build());
      return new Stored(d.sha256(), n);
    } catch (UpstreamException u) {
      metrics.count("modelgate_upstream_errors_total", "", 1);
      throw new HttpError(502, "cannot fetch " + e.path() + ": " + u.getMessage());
    }
  }

  /** The headers must agree with the tree before a byte is stored. */
  private void checkPromises(String repo, String commit, Tree.Entry e, Upstream.Answer a)
      throws HttpError, SQLException {
    String linked = etag(a.header("X-Linked-Etag"));
    String plain = etag(a.last().get("ETag"));
    if (e.lfs() && linked != null && !linked.equals(e.lfsSha256())) {
      throw mismatch(repo, commit, e, "X-Linked-Etag " + linked + " is not the tree's sha256 "
          + e.lfsSha256());
    }
    if (!e.lfs() && plain != null && plain.matches("[0-9a-f]{40}") && !plain.equals(e.oid())) {
      throw mismatch(repo, commit, e, "ETag " + plain + " is not the tree's blob id " + e.oid());
    }
    String size = a.header("X-Linked-Size");
    if (e.lfs() && size != null && !size.strip().equals(Long.toString(e.fileSize()))) {
      throw mismatch(repo, commit, e, "X-Linked-Size " + size.strip() + " is not the tree's "
          + e.fileSize());
    }
  }

  /** The value of an ETag header without quotes and weakness marker, lower-case. */
  static String etag(String h) {
    if (h == null) {
      return null;
    }
    String s = h.strip();
    if (s.startsWith("W/")) {
      s = s.substring(2);
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static long copy(InputStream in, Spool spool, long expected) throws IOException {
    byte[] buf = new byte[1 << 20];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > expected) {
        return total; // more than promised: a mismatch, no need to read the rest
      }
      spool.write(buf, 0, n);
    }
    return total;
  }

  private HttpError mismatch(String repo, String commit, Tree.Entry e, String why)
      throws SQLException {
    return refuse(repo, commit, e, "upstream.integrity", "refused " + e.path()
        + ": the upstream's bytes do not match what it promised (" + why + "); not cached");
  }

  private HttpError refuse(String repo, String commit, Tree.Entry e, String rule, String why)
      throws SQLException {
    List<Scanned.Located> fs = List.of(new Scanned.Located(e.path(),
        new Finding(rule, Verdict.INVALID, why, "", "")));
    store.events().append(Event.of("fetch").file(repo, null, commit, e.path())
        .blob(null, e.fileSize(), null).verdict("invalid", true, why,
            JsonWriter.write(Scanned.json(fs), false)).build());
    return Refusals.error(e.path(), commit, Verdict.INVALID, why, fs);
  }

  int inFlight() {
    return flights.size();
  }

  @Override
  public void close() {
    flights.close();
  }
}
