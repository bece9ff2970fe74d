package dev.modelgate.server.testhub;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.server.Gateway;
import dev.modelgate.server.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a gateway on an ephemeral port in front of a {@link LocalHub}, with a config written to
 * a temp folder, and talks to it with the JDK's HTTP client.
 */
public final class GatewayHarness implements AutoCloseable {
  public static final Path HUB_ROOT = Path.of("src/test/resources/hub");

  public final LocalHub hub;
  public final Path dir;
  public Gateway gw;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

  public GatewayHarness(LocalHub hub, Path dir) {
    this.hub = hub;
    this.dir = dir;
  }

  /** The config for tests: this hub as upstream, a data folder in {@code dir}, port 0. */
  public Map<String, Object> baseConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("listen", "127.0.0.1:0");
    c.put("data", dir.resolve("data").toString());
    Map<String, Object> up = new LinkedHashMap<>();
    up.put("url", hub.url());
    c.put("upstream", up);
    c.put("access_log", dir.resolve("access.log").toString());
    return c;
  }

  public static Config config(Path dir, Map<String, Object> cfg) throws Exception {
    Path f = dir.resolve("config.json");
    Files.writeString(f, JsonWriter.write(cfg, true));
    return Config.load(new Config.Flags(f, null, null, null, null), null);
  }

  public GatewayHarness start(Map<String, Object> cfg) throws Exception {
    gw = Gateway.start(config(dir, cfg));
    return this;
  }

  public GatewayHarness start() throws Exception {
    return start(baseConfig());
  }

  public String url() {
    return gw.url();
  }

  public HttpResponse<byte[]> get(String path, String... headers) throws IOException,
      InterruptedException {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  /** A GET whose body is read as it comes. */
  public HttpResponse<java.io.InputStream> stream(String path) throws IOException,
      InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(url() + path))
        .timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  public HttpResponse<byte[]> head(String path, String... headers) throws IOException,
      InterruptedException {
    return send("HEAD", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public HttpResponse<byte[]> post(String path, byte[] body, String... headers)
      throws IOException, InterruptedException {
    return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
  }

  public HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body,
      String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
        .timeout(Duration.ofSeconds(60)).method(method, body);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The body parsed as JSON. */
  public static Object json(HttpResponse<byte[]> r) throws Exception {
    return Json.parse(r.body());
  }

  public static byte[] fixture(String repo, String path) throws IOException {
    return Files.readAllBytes(HUB_ROOT.resolve(repo).resolve(path));
  }

  @Override
  public void close() {
    if (gw != null) {
      gw.close();
      gw = null;
    }
  }
}
