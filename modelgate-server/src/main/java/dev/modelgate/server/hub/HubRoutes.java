package dev.modelgate.server.hub;

import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import dev.modelgate.server.config.Config;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.http.Access;
import dev.modelgate.server.http.Exchange;
import dev.modelgate.server.http.FileSender;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.http.Metrics;
import dev.modelgate.server.http.Router;
import dev.modelgate.server.http.Text;
import dev.modelgate.server.policy.PolicyService;
import dev.modelgate.server.scan.Judgement;
import dev.modelgate.server.scan.ScanService;
import dev.modelgate.server.scan.Scanned;
import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.HubStore;
import dev.modelgate.server.store.Store;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Hugging Face Hub endpoints that downloads use, gated: revision info, tree listings (paged
 * by the gateway itself, with {@code Link} headers pointing back at it), and {@code resolve},
 * which answers a file only once it is stored, checked and judged clean under the policy. Cached
 * files are served straight from the store (200, never a redirect).
 */
public final class HubRoutes implements AutoCloseable {
  static final int PAGE = 1000;

  private final Store store;
  private final PolicyService policies;
  private final Metrics metrics;
  private final Upstream upstream;
  private final Revisions revisions;
  private final Trees trees;
  private final Fetcher fetcher;
  private final Gate gate;
  private final Signatures signatures;
  private final Duration headWait;
  private final Duration fetchWait;

  public HubRoutes(Config cfg, Store store, ScanService scans, PolicyService policies,
      Metrics metrics) throws Exception {
    this.store = store;
    this.policies = policies;
    this.metrics = metrics;
    this.upstream = new Upstream(cfg.upstream(), cfg.allowedHosts(), cfg.token(), 10_000,
        cfg.limits().idle().toMillis() * 2);
    int maxJson = cfg.limits().maxJsonBytes();
    this.revisions = new Revisions(upstream, store.hub(), cfg.limits().revisionTtl(), maxJson);
    this.trees = new Trees(upstream, store.hub(), maxJson);
    this.fetcher = new Fetcher(upstream, store, scans, metrics, cfg.limits().maxFileBytes(),
        cfg.limits().streamAbove(), cfg.limits().fetches(), cfg.limits().idle().toMillis() * 2);
    this.gate = new Gate(store, fetcher, scans, policies, metrics);
    this.signatures = new Signatures(fetcher, store);
    this.headWait = cfg.limits().headWait();
    this.fetchWait = cfg.limits().fetchWait();
    metrics.gauge("modelgate_fetches_in_flight", "Upstream fetches running",
        () -> fetcher.inFlight());
  }

  /** Adds the Hub routes to {@code r}. */
  public void register(Router r) {
    r.add("hub-api", Set.of("GET"), HubPaths::isApi, Access.PROXY, this::api);
    r.add("hub-resolve", Set.of("GET", "HEAD"), HubPaths::isResolve, Access.PROXY,
        this::resolve);
  }

  private void api(Exchange x) throws Exception {
    HubPaths.Api a = HubPaths.api(x.rawPath());
    x.note("repo", a.repo());
    if (a.kind().equals("tree")) {
      tree(x, a);
      return;
    }
    Revisions.Resolved res = revisions.resolve(a.repo(), a.revision(), true);
    x.header("X-Repo-Commit", res.commit());
    x.send(200, "application/json", res.body().getBytes(StandardCharsets.UTF_8));
  }

  private void tree(Exchange x, HubPaths.Api a) throws Exception {
    String commit = revisions.resolve(a.repo(), a.revision(), false).commit();
    Tree t = trees.get(a.repo(), commit);
    if (!t.hasFolder(a.path())) {
      throw HttpError.notFound("no folder " + a.path() + " at " + commit)
          .header("X-Error-Code", "EntryNotFound");
    }
    boolean recursive = "true".equalsIgnoreCase(x.query("recursive"));
    List<Tree.Entry> all = t.under(a.path(), recursive);
    int from = 0;
    String cursor = x.query("cursor");
    if (cursor != null) {
      if (!cursor.matches("[0-9]{1,9}")) {
        throw HttpError.badRequest("invalid cursor");
      }
      from = Math.min(Integer.parseInt(cursor), all.size());
    }
    int to = Math.min(all.size(), from + PAGE);
    List<Object> page = new ArrayList<>();
    for (Tree.Entry e : all.subList(from, to)) {
      page.add(e.json());
    }
    if (to < all.size()) {
      String self = x.baseUrl() + "/api/models/" + a.repo() + "/tree/"
          + HubPaths.encodeSegment(a.revision())
          + (a.path().isEmpty() ? "" : "/" + HubPaths.encodePath(a.path()));
      String expand = "true".equalsIgnoreCase(x.query("expand")) ? "true" : "false";
      x.header("Link", "<" + self + "?recursive=" + recursive + "&expand=" + expand
          + "&cursor=" + to + ">; rel=\"next\"");
    }
    x.header("X-Repo-Commit", commit);
    x.send(200, "application/json", JsonWriter.write(page, false)
        .getBytes(StandardCharsets.UTF_8));
  }

  private void resolve(Exchange x) throws Exception {
    HubPaths.Resolve r = HubPaths.resolve(x.rawPath());
    x.note("repo", r.repo());
    RepoPolicy policy = policies.forRepo(r.repo());
    String commit = revisions.resolve(r.repo(), r.revision(), false).commit();
    x.header("X-Repo-Commit", commit);
    Tree tree = trees.get(r.repo(), commit);
    Tree.Entry e = tree.file(r.path());
    if (e == null) {
      throw HttpError.notFound("entry not found: " + r.path() + " at " + commit)
          .header("X-Error-Code", "EntryNotFound").header("X-Repo-Commit", commit);
    }
    Duration wait = x.head() ? headWait : fetchWait;
    Event.Builder ev = Event.of("download").client(x.client(), x.principal().name())
        .file(r.repo(), r.revision(), commit, r.path());
    try {
      if (policy.signatures() != null) {
        HubStore.Check c = Wait.upTo(signatures.check(r.repo(), commit, tree, policy), wait);
        if (c == null) {
          metadataOnly(x, e, commit);
          return;
        }
        if (!c.ok()) {
          Finding f = new Finding("signature.unverified", Verdict.INVALID, c.detail(), "", "");
          throw Refusals.error(r.path(), commit, Verdict.INVALID, r.repo() + "@" + commit
              + " must be signed, and is not: " + c.detail(), List.of(new Scanned.Located(
              policy.signatures().file(), f)));
        }
      }
      Gate.Verdicted v = gate.judge(r.repo(), commit, e, policy, wait);
      if (v == null) {
        metadataOnly(x, e, commit);
        return;
      }
      Judgement j = v.judgement();
      x.note("verdict", j.verdict().label());
      metrics.count(v.cacheHit() ? "modelgate_cache_hits_total" : "modelgate_cache_misses_total",
          "", 1);
      ev.blob(v.blob() != null ? v.blob().sha256() : e.lfsSha256(), e.fileSize(), j.format());
      if (j.blocked()) {
        throw Refusals.error(r.path(), commit, j.verdict(), j.reason(), j.findings());
      }
      fileHeaders(x, e, commit);
      x.header("X-Modelgate-Verdict", j.verdict().label());
      if (!x.head()) {
        // the audit row is written before the first byte leaves: no download goes unrecorded
        metrics.count("modelgate_verdicts_total", "verdict=\"" + j.verdict().label() + "\"", 1);
        store.events().append(ev.verdict(j.verdict().label(), false, j.releasedBy() != 0
            ? "released by decision " + j.releasedBy() : null, j.findings().isEmpty() ? null
            : Scanned.findingsJson(j.findings())).status(x.header("Range") != null ? 206 : 200)
            .detail(x.header("Range") != null ? "range " + Text.header(x.header("Range"), 100)
                : null).build());
      }
      long sent;
      if (v.transfer() != null) {
        // the first download of a big file: sent from the spool as it arrives
        try (FileChannel ch = v.transfer().open()) {
          sent = v.transfer().send(x, ch, "\"" + e.etag() + "\"");
        }
      } else {
        sent = FileSender.send(x, store.blobs().path(v.blob().sha256()), v.blob().size(),
            "\"" + e.etag() + "\"");
      }
      metrics.count("modelgate_bytes_served_total", "", sent);
    } catch (HttpError err) {
      if (err.status() == 403) {
        x.note("verdict", String.valueOf(err.fields().get("verdict")));
        metrics.count("modelgate_blocked_total", "", 1);
        metrics.count("modelgate_verdicts_total", "verdict=\"" + err.fields().get("verdict")
            + "\"", 1);
        Object fs = err.fields().get("findings");
        store.events().append(ev.verdict(String.valueOf(err.fields().get("verdict")), true,
            err.getMessage(), fs == null ? null : JsonWriter.write(fs, false)).status(403)
            .build());
      }
      throw err;
    }
  }

  /** Headers the client needs for a file: its ETag (and LFS ones), its size, the commit. */
  private static void fileHeaders(Exchange x, Tree.Entry e, String commit) {
    x.header("ETag", "\"" + e.etag() + "\"");
    x.header("X-Repo-Commit", commit);
    if (e.lfs()) {
      x.header("X-Linked-Etag", "\"" + e.lfsSha256() + "\"");
      x.header("X-Linked-Size", Long.toString(e.lfsSize()));
    }
  }

  /**
   * A HEAD whose file is still being fetched and scanned: the metadata from the tree listing, so
   * the client's short metadata timeout is met. Its GET waits for the verdict and is refused
   * then if the file is not clean.
   */
  private static void metadataOnly(Exchange x, Tree.Entry e, String commit) throws Exception {
    if (!x.head()) {
      throw new HttpError(503, "the file is still being fetched and scanned; retry")
          .header("Retry-After", "5");
    }
    fileHeaders(x, e, commit);
    x.note("verdict", "pending");
    x.header("Accept-Ranges", "bytes");
    x.header("Content-Type", "application/octet-stream");
    x.header("Content-Length", Long.toString(e.fileSize()));
    x.status(200);
    x.write(java.nio.ByteBuffer.allocate(0), true);
  }

  @Override
  public void close() {
    signatures.close();
    gate.close();
    fetcher.close();
    upstream.close();
  }
}
