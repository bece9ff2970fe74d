package dev.modelgate.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hub-shaped HTTP server for tests, on an ephemeral port of 127.0.0.1: the revision, tree
 * (recursive, two entries a page, Link headers) and resolve endpoints, range requests (or not),
 * an optional token, and LFS files redirected to a "CDN" on another host name (localhost) so
 * tests see that the token is not sent there. Counts the bytes it serves.
 */
public final class LocalHub implements AutoCloseable {
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
  private static final Pattern API = Pattern.compile("/api/models/([^/]+/[^/]+)/(revision|tree)/(.+)");

  private final HttpServer server;
  private final Map<String, Map<String, byte[]>> repos = new LinkedHashMap<>();
  public final AtomicLong served = new AtomicLong();
  public final List<String> requests = new ArrayList<>();
  public volatile boolean ranges = true;
  public volatile String token;
  public volatile boolean tokenSeenOnCdn;
  /** When set, the bytes served for this path are changed (a lying server). */
  public volatile String corrupt;
  /** When set, the tree lists this path (an unsafe one) as well. */
  public volatile String extraPath;

  public LocalHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds a repository whose files are those of {@code folder} (relative paths). */
  public LocalHub repo(String name, Map<String, byte[]> files) {
    repos.put(name, new TreeMap<>(files));
    return this;
  }

  public static Map<String, byte[]> folder(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (var s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  private synchronized void log(String s) {
    requests.add(s);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      String range = x.getRequestHeaders().getFirst("Range");
      log(x.getRequestMethod() + " " + x.getRequestURI() + (range == null ? "" : " " + range));
      boolean cdn = path.startsWith("/cdn/");
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (cdn) {
        tokenSeenOnCdn |= auth != null;
        path = path.substring(4);
      } else if (token != null && !("Bearer " + token).equals(auth)) {
        send(x, 401, "application/json", "{\"error\":\"unauthorized\"}".getBytes());
        return;
      }
      Matcher api = API.matcher(path);
      if (api.matches()) {
        Map<String, byte[]> repo = repos.get(api.group(1));
        if (repo == null) {
          send(x, 404, "application/json", "{\"error\":\"Repository not found\"}".getBytes());
        } else if (api.group(2).equals("revision")) {
          send(x, 200, "application/json", ("{\"id\":\"" + api.group(1) + "\",\"sha\":\""
              + COMMIT + "\",\"siblings\":[]}").getBytes());
        } else {
          tree(x, api.group(1), repo);
        }
        return;
      }
      Matcher m = RESOLVE.matcher(path);
      if (!m.matches() || !repos.containsKey(m.group(1))) {
        send(x, 404, "text/plain", "no".getBytes());
        return;
      }
      String file = URLDecoder.decode(m.group(3), StandardCharsets.UTF_8);
      byte[] body = repos.get(m.group(1)).get(file);
      if (body == null) {
        send(x, 404, "text/plain", "no".getBytes());
        return;
      }
      if (isLfs(body) && !cdn) {
        x.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort()
            + "/cdn" + path);
        x.sendResponseHeaders(302, -1);
        return;
      }
      if (file.equals(corrupt)) {
        body = body.clone();
        body[body.length - 1] ^= 1;
      }
      Matcher r = range == null ? null : Pattern.compile("bytes=(\\d+)-(\\d+)").matcher(range);
      if (ranges && r != null && r.matches()) {
        int a = Integer.parseInt(r.group(1));
        int b = Math.min(body.length - 1, Integer.parseInt(r.group(2)));
        x.getResponseHeaders().add("Content-Range", "bytes " + a + "-" + b + "/" + body.length);
        byte[] part = java.util.Arrays.copyOfRange(body, a, b + 1);
        send(x, 206, "application/octet-stream", part);
      } else {
        send(x, 200, "application/octet-stream", body);
      }
    }
  }

  /** Files over 1 KiB are "LFS" files: listed with their sha256 and served from the CDN. */
  static boolean isLfs(byte[] body) {
    return body.length > 1024;
  }

  private void tree(HttpExchange x, String name, Map<String, byte[]> repo) throws IOException {
    List<String> entries = new ArrayList<>();
    java.util.Set<String> dirs = new java.util.TreeSet<>();
    for (Map.Entry<String, byte[]> e : repo.entrySet()) {
      String p = e.getKey();
      for (int s = p.indexOf('/'); s >= 0; s = p.indexOf('/', s + 1)) {
        dirs.add(p.substring(0, s));
      }
      String lfs = isLfs(e.getValue()) ? ",\"lfs\":{\"oid\":\"" + sha256(e.getValue())
          + "\",\"size\":" + e.getValue().length + ",\"pointerSize\":134}" : "";
      entries.add("{\"type\":\"file\",\"oid\":\"" + "0".repeat(40) + "\",\"size\":"
          + e.getValue().length + ",\"path\":\"" + p + "\"" + lfs + "}");
    }
    for (String d : dirs) {
      entries.add("{\"type\":\"directory\",\"oid\":\"" + "1".repeat(40) + "\",\"size\":0,"
          + "\"path\":\"" + d + "\"}");
    }
    if (extraPath != null) {
      entries.add("{\"type\":\"file\",\"oid\":\"x\",\"size\":1,\"path\":\"" + extraPath + "\"}");
    }
    String query = x.getRequestURI().getQuery();
    int page = query != null && query.contains("cursor=") ? Integer.parseInt(
        query.substring(query.indexOf("cursor=") + 7)) : 0;
    int from = page * 2;
    int to = Math.min(entries.size(), from + 2);
    if (to < entries.size()) {
      x.getResponseHeaders().add("Link", "<" + endpoint() + "/api/models/" + name + "/tree/"
          + COMMIT + "?recursive=true&cursor=" + (page + 1) + ">; rel=\"next\"");
    }
    send(x, 200, "application/json", ("[" + String.join(",", entries.subList(from, to)) + "]")
        .getBytes(StandardCharsets.UTF_8));
  }

  private void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
    if (type.startsWith("application/octet-stream")) {
      served.addAndGet(body.length);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
