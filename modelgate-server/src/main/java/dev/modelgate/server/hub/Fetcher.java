package dev.modelgate.server.hub;

import dev.modelgate.io.ByteSource;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Brings one repository file into the blob store: streams it from the upstream into a private
 * spool (hashing as it writes), checks the bytes against what the upstream promised (the tree's
 * and {@code X-Linked-Etag}'s sha256 for LFS files, the git blob id for the others, and the
 * size), scans that same file, fsyncs, and only then renames it into place and records it. Bytes
 * that do not match are refused and never stored; the refusal is remembered for a short while.
 * Fetches of one file share one {@link Job}. Files of {@code streamAbove} bytes or more are also
 * offered as a {@link Transfer} while they arrive.
 */
final class Fetcher implements AutoCloseable {
  private static final long FAILURE_MILLIS = 30_000;

  /** A file in the blob store. */
  record Stored(String sha256, long size) {}

  /** One fetch: its transfer (null when the file is not streamed) and its stored result. */
  static final class Job {
    final CompletableFuture<Transfer> streaming = new CompletableFuture<>();
    final CompletableFuture<Stored> stored = new CompletableFuture<>();

    private void fail(Throwable t) {
      streaming.complete(null);
      stored.completeExceptionally(t);
    }
  }

  private record Failure(Exception error, long at) {}

  private final Upstream upstream;
  private final Store store;
  private final ScanService scans;
  private final Metrics metrics;
  private final long maxFile;
  private final long streamAbove;
  private final long idleMillis;
  private final Semaphore slots;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final ExecutorService exec = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("modelgate-fetch-", 0).factory());

  Fetcher(Upstream upstream, Store store, ScanService scans, Metrics metrics, long maxFile,
      long streamAbove, int concurrent, long idleMillis) {
    this.upstream = upstream;
    this.store = store;
    this.scans = scans;
    this.metrics = metrics;
    this.maxFile = maxFile;
    this.streamAbove = streamAbove;
    this.idleMillis = idleMillis;
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

  /** True when a file this size is offered while it arrives. */
  boolean streams(Tree.Entry e) {
    return e.fileSize() >= streamAbove;
  }

  /** Starts (or joins) the fetch of {@code e}; it scans under {@code policy} as well. */
  Job fetch(String repo, String commit, Tree.Entry e, RepoPolicy policy) {
    String key = repo + "\n" + commit + "\n" + e.path();
    Failure f = failures.get(key);
    if (f != null && System.currentTimeMillis() - f.at() < FAILURE_MILLIS) {
      Job failed = new Job();
      failed.fail(f.error());
      return failed;
    }
    Job[] created = new Job[1];
    Job job = jobs.computeIfAbsent(key, k -> created[0] = new Job());
    if (created[0] != null) {
      exec.execute(() -> {
        try {
          Stored s = cached(repo, commit, e.path());
          if (s == null) {
            slots.acquire();
            try {
              s = download(repo, commit, e, policy, job);
            } finally {
              slots.release();
            }
          }
          job.streaming.complete(null);
          job.stored.complete(s);
        } catch (Throwable t) {
          if (t instanceof HttpError h && h.status() == 403 && streams(e)) {
            // a streamed client only sees a cut-off body; its retries get the 403 for a while
            failures.put(key, new Failure(h, System.currentTimeMillis()));
          }
          job.fail(t);
        } finally {
          jobs.remove(key, job);
        }
      });
    }
    return job;
  }

  private Stored download(String repo, String commit, Tree.Entry e, RepoPolicy policy, Job job)
      throws Exception {
    long expected = e.fileSize();
    if (expected > maxFile) {
      throw refuse(repo, commit, e, "file.too-large", e.path() + " is " + expected
          + " bytes, more than the configured max_file_bytes (" + maxFile + ")");
    }
    Path tmp = store.blobs().root().resolve("tmp");
    if (Files.getFileStore(tmp).getUsableSpace() < expected + (64L << 20)) {
      throw new HttpError(503, "not enough disk space in the data folder for " + e.path());
    }
    String uri = "/" + repo + "/resolve/" + commit + "/" + HubPaths.encodePath(e.path());
    Transfer t = null;
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
      t = new Transfer(spool.path(), expected, idleMillis);
      CompletableFuture<Scanned> scan = new CompletableFuture<>();
      if (streams(e)) {
        // the scanner reads the spool as it grows; clients may start once it has judged
        Transfer tt = t;
        exec.execute(() -> {
          try (ByteSource src = tt.source(e.path())) {
            long t0 = System.nanoTime();
            Scanned sc = scans.scan(src, policy.scanPolicy());
            metrics.observe("modelgate_scan_seconds", System.nanoTime() - t0);
            scan.complete(sc);
            tt.scanned.complete(sc);
          } catch (Throwable x) {
            scan.completeExceptionally(x);
            tt.scanned.completeExceptionally(x);
          }
        });
        job.streaming.complete(t);
      }
      long n = copy(a.body(), spool, expected, t);
      metrics.count("modelgate_bytes_fetched_total", "", n);
      Spool.Digests d = spool.digests();
      if (n != expected) {
        throw mismatch(repo, commit, e, "the upstream sent " + (n > expected ? "more than "
            + expected : n) + " bytes, the tree lists " + expected);
      }
      if (e.lfs() ? !d.sha256().equals(e.lfsSha256()) : !d.gitSha1().equals(e.oid())) {
        throw mismatch(repo, commit, e, "the bytes' " + (e.lfs() ? "sha256 " + d.sha256()
            : "git blob id " + d.gitSha1()) + " does not match the upstream's "
            + (e.lfs() ? "X-Linked-Etag/LFS oid " + e.lfsSha256() : "ETag/oid " + e.oid()));
      }
      t.verified();
      if (!streams(e)) {
        long t0 = System.nanoTime();
        scan.complete(scans.scan(spool.path(), e.path(), policy.scanPolicy()));
        metrics.observe("modelgate_scan_seconds", System.nanoTime() - t0);
      }
      Scanned sc = Wait.upTo(scan, java.time.Duration.ofDays(1));
      // scanned and verified before it is renamed into place: the store never holds an unjudged
      // blob, and a crash before the rename leaves only a spool, which start-up deletes
      spool.force();
      synchronized (t) {
        t.moved(store.blobs().commit(spool, d.sha256()));
      }
      store.hub().putScan(d.sha256(), policy.scanKey(), new HubStore.Scan(sc.format(),
          sc.verdict().label(), sc.findingsJson(), System.currentTimeMillis()));
      store.hub().putFile(repo, commit, e.path(), d.sha256(), n);
      store.events().append(Event.of("fetch").file(repo, null, commit, e.path())
          .blob(d.sha256(), n, sc.format()).verdict(sc.verdict().label(), false, null,
              sc.findingsJson()).build());
      return new Stored(d.sha256(), n);
    } catch (UpstreamException u) {
      metrics.count("modelgate_upstream_errors_total", "", 1);
      HttpError h = new HttpError(502, "cannot fetch " + e.path() + ": " + u.getMessage());
      fail(t, h);
      throw h;
    } catch (Exception x) {
      fail(t, x);
      throw x;
    }
  }

  private static void fail(Transfer t, Exception x) {
    if (t != null) {
      t.fail(x instanceof IOException io ? io : new IOException(x.getMessage(), x));
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

  private static long copy(InputStream in, Spool spool, long expected, Transfer t)
      throws IOException {
    long total = 0;
    // whole 1 MiB blocks: fewer writes and wake-ups than the client's chunks; the spool hashes
    // each block on another thread while this one reads the next
    while (true) {
      byte[] buf = spool.buffer();
      int n = in.readNBytes(buf, 0, buf.length);
      if (n <= 0) {
        return total;
      }
      if (total + n > expected) {
        return total + n; // more than promised: a mismatch, no need to read the rest
      }
      spool.append(buf, n);
      total += n;
      t.advance(total);
    }
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
    return jobs.size();
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
