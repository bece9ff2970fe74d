package dev.modelgate.server.testhub;

import dev.modelgate.json.JsonWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * A local, Hub-shaped upstream over fixture repositories ({@code ROOT/org/name/...}, one commit
 * each, branch {@code main}): the revision, tree (paged, with absolute {@code Link} headers) and
 * resolve endpoints as huggingface.co answers them, LFS files behind a redirect to {@code /lfs/},
 * 404s with {@code X-Error-Code}. Tests switch faults on: tampered bytes, a lying
 * {@code X-Linked-Etag}, a fetch that stalls half-way, a redirect to another host.
 *
 * <p>Run as a program for the end-to-end script: {@code LocalHub ROOT [PORT]}.
 */
public final class LocalHub implements AutoCloseable {
  private final Map<String, HubRepo> repos = new LinkedHashMap<>();
  private final Server server;
  private final ServerConnector connector;
  private volatile int pageSize = 3;
  private volatile String cdnHost;
  final Set<String> tampered = ConcurrentHashMap.newKeySet();
  final Set<String> lyingEtag = ConcurrentHashMap.newKeySet();
  final Map<String, Long> stallAfter = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private volatile CountDownLatch stallRelease = new CountDownLatch(1);
  private final CountDownLatch stalled = new CountDownLatch(1);

  public LocalHub(Path root, int port) throws Exception {
    try (Stream<Path> orgs = Files.list(root)) {
      for (Path org : orgs.sorted().toList()) {
        try (Stream<Path> names = Files.list(org)) {
          for (Path n : names.sorted().toList()) {
            String id = org.getFileName() + "/" + n.getFileName();
            repos.put(id, new HubRepo(id, n));
          }
        }
      }
    }
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request req, Response res, Callback cb) throws Exception {
        try {
          serve(req, res);
          cb.succeeded();
        } catch (Throwable t) {
          cb.failed(t);
        }
        return true;
      }
    });
    server.start();
  }

  public static void main(String[] args) throws Exception {
    LocalHub hub = new LocalHub(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 0);
    System.out.println("localhub: listening on " + hub.url());
    System.out.flush();
    hub.server.join();
  }

  public String url() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  public String commit(String repo) {
    return repos.get(repo).commit;
  }

  public void pageSize(int n) {
    pageSize = n;
  }

  /** LFS redirects go to this host name instead of the request's. */
  public void cdnHost(String host) {
    cdnHost = host;
  }

  public void tamper(String repoPath) {
    tampered.add(repoPath);
  }

  /** Back to honest bytes. */
  public void untamper() {
    tampered.clear();
  }

  public void lieAboutEtag(String repoPath) {
    lyingEtag.add(repoPath);
  }

  /** Serving {@code repoPath} stops after {@code bytes} until {@link #release}. */
  public void stall(String repoPath, long bytes) {
    stallAfter.put(repoPath, bytes);
    stallRelease = new CountDownLatch(1);
  }

  public boolean awaitStalled(long seconds) throws InterruptedException {
    return stalled.await(seconds, TimeUnit.SECONDS);
  }

  public void release() {
    stallAfter.clear();
    stallRelease.countDown();
  }

  /** Requests for a path (e.g. {@code /lfs/<sha>} or a resolve path), for caching assertions. */
  public int hits(String prefix) {
    int n = 0;
    for (Map.Entry<String, AtomicInteger> e : hits.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        n += e.getValue().get();
      }
    }
    return n;
  }

  public HubRepo.File file(String repo, String path) {
    return repos.get(repo).files.get(path);
  }

  private void serve(Request req, Response res) throws Exception {
    String path = req.getHttpURI().getDecodedPath();
    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    if (path.startsWith("/api/models/")) {
      api(req, res, path.substring("/api/models/".length()));
    } else if (path.startsWith("/lfs/")) {
      lfs(req, res, path.substring(5));
    } else {
      resolve(req, res, path.substring(1));
    }
  }

  private void api(Request req, Response res, String rest) throws Exception {
    String[] s = rest.split("/", 5);
    if (s.length < 2) {
      error(res, 404, "RepoNotFound", "Repository not found");
      return;
    }
    HubRepo repo = repos.get(s[0] + "/" + s[1]);
    if (repo == null) {
      error(res, 401, "RepoNotFound", "Repository not found");
      return;
    }
    String kind = s.length > 2 ? s[2] : "revision";
    String rev = s.length > 3 ? s[3] : "main";
    if (!rev.equals("main") && !rev.equals(repo.commit)) {
      error(res, 404, "RevisionNotFound", "Invalid rev id: " + rev);
      return;
    }
    if (kind.equals("revision")) {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("_id", repo.commit.substring(0, 24));
      info.put("id", repo.id);
      info.put("private", false);
      info.put("sha", repo.commit);
      info.put("lastModified", "2026-01-01T00:00:00.000Z");
      List<Object> sib = new ArrayList<>();
      for (String p : repo.files.keySet()) {
        sib.add(Map.of("rfilename", p));
      }
      info.put("siblings", sib);
      json(res, 200, info);
      return;
    }
    List<Map<String, Object>> all = repo.tree();
    String folder = s.length > 4 ? s[4] : "";
    boolean recursive = "true".equals(Request.extractQueryParameters(req).getValue("recursive"));
    List<Map<String, Object>> sel = new ArrayList<>();
    for (Map<String, Object> e : all) {
      String p = (String) e.get("path");
      String prefix = folder.isEmpty() ? "" : folder + "/";
      if (p.startsWith(prefix) && (recursive || p.indexOf('/', prefix.length()) < 0)) {
        sel.add(e);
      }
    }
    String c = Request.extractQueryParameters(req).getValue("cursor");
    int from = c == null ? 0 : Integer.parseInt(c);
    int to = Math.min(sel.size(), from + pageSize);
    if (to < sel.size()) {
      res.getHeaders().put("Link", "<" + url() + "/api/models/" + repo.id + "/tree/" + rev
          + (folder.isEmpty() ? "" : "/" + folder) + "?recursive=" + recursive
          + "&expand=false&cursor=" + to + ">; rel=\"next\"");
    }
    json(res, 200, sel.subList(from, to));
  }

  private void resolve(Request req, Response res, String rest) throws Exception {
    String[] s = rest.split("/", 5);
    if (s.length < 5 || !s[2].equals("resolve")) {
      error(res, 404, null, "not found");
      return;
    }
    HubRepo repo = repos.get(s[0] + "/" + s[1]);
    if (repo == null) {
      error(res, 401, "RepoNotFound", "Repository not found");
      return;
    }
    if (!s[3].equals("main") && !s[3].equals(repo.commit)) {
      error(res, 404, "RevisionNotFound", "Invalid rev id: " + s[3]);
      return;
    }
    res.getHeaders().put("X-Repo-Commit", repo.commit);
    HubRepo.File f = repo.files.get(s[4]);
    if (f == null) {
      error(res, 404, "EntryNotFound", "Entry not found");
      return;
    }
    String key = repo.id + "/" + f.path();
    if (f.lfs()) {
      String etag = lyingEtag.contains(key) ? "0".repeat(64) : f.sha256();
      res.getHeaders().put("X-Linked-Etag", "\"" + etag + "\"");
      res.getHeaders().put("X-Linked-Size", Long.toString(f.size()));
      res.getHeaders().put("ETag", "\"" + etag + "\"");
      String host = cdnHost != null ? cdnHost : "127.0.0.1";
      res.getHeaders().put("Location", "http://" + host + ":" + connector.getLocalPort() + "/lfs/"
          + f.sha256() + "?repo=" + repo.id + "&path="
          + java.net.URLEncoder.encode(f.path(), StandardCharsets.UTF_8)
          + "&X-Amz-Signature=secret");
      res.setStatus(302);
      write(res, ByteBuffer.allocate(0), true);
      return;
    }
    res.getHeaders().put("ETag", "\"" + f.gitOid() + "\"");
    body(req, res, repo.dir.resolve(f.path()), f.size(), key);
  }

  private void lfs(Request req, Response res, String sha) throws Exception {
    for (HubRepo r : repos.values()) {
      for (HubRepo.File f : r.files.values()) {
        if (f.lfs() && f.sha256().equals(sha)) {
          res.getHeaders().put("ETag", "\"" + sha + "\"");
          body(req, res, r.dir.resolve(f.path()), f.size(), r.id + "/" + f.path());
          return;
        }
      }
    }
    error(res, 404, null, "no such object");
  }

  private void body(Request req, Response res, Path file, long size, String key)
      throws Exception {
    long start = 0;
    String range = req.getHeaders().get("Range");
    if (range != null && range.matches("bytes=[0-9]+-")) {
      start = Long.parseLong(range.substring(6, range.length() - 1));
      res.setStatus(206);
      res.getHeaders().put("Content-Range", "bytes " + start + "-" + (size - 1) + "/" + size);
    } else {
      res.setStatus(200);
    }
    res.getHeaders().put("Content-Type", "application/octet-stream");
    res.getHeaders().put("Content-Length", Long.toString(size - start));
    res.getHeaders().put("Accept-Ranges", "bytes");
    if (req.getMethod().equals("HEAD")) {
      write(res, ByteBuffer.allocate(0), true);
      return;
    }
    Long stall = stallAfter.get(key);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = start;
      while (pos < size) {
        long n = Math.min(4 << 20, size - pos);
        if (stall != null && pos < stall) {
          n = Math.min(n, stall - pos);
        }
        ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, pos, n);
        if (tampered.contains(key) && pos == start) {
          ByteBuffer copy = ByteBuffer.allocate((int) Math.min(n, 1 << 20));
          copy.put(b.limit(copy.capacity()));
          copy.put(0, (byte) (copy.get(0) ^ 0x5a)).flip();
          n = copy.remaining();
          b = copy;
        }
        pos += n;
        write(res, b, pos == size);
        if (stall != null && pos == stall && pos < size) {
          stalled.countDown();
          stallRelease.await(300, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void error(Response res, int status, String code, String msg) throws Exception {
    if (code != null) {
      res.getHeaders().put("X-Error-Code", code);
    }
    res.getHeaders().put("X-Error-Message", msg);
    json(res, status, Map.of("error", msg));
  }

  private static void json(Response res, int status, Object doc) throws Exception {
    byte[] b = JsonWriter.write(doc, false).getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    res.getHeaders().put("Content-Type", "application/json");
    res.getHeaders().put("Content-Length", Integer.toString(b.length));
    write(res, ByteBuffer.wrap(b), true);
  }

  private static void write(Response res, ByteBuffer b, boolean last) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      res.write(last, b, cb);
      cb.block();
    }
  }

  @Override
  public void close() {
    release();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local hub", e);
    }
  }
}
