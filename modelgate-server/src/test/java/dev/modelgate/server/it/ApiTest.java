package dev.modelgate.server.it;

import static dev.modelgate.server.testhub.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import dev.modelgate.server.store.TokenStore.Role;
import dev.modelgate.server.testhub.GatewayHarness;
import dev.modelgate.server.testhub.WithHub;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan and convert API, its limits and its tokens. */
class ApiTest extends WithHub {
  static final Path UPLOADS = Path.of("src/test/resources/uploads");
  @TempDir
  Path dir;
  GatewayHarness g;
  String upload;
  String read;
  String admin;


  @BeforeEach
  void start() throws Exception {
    Map<String, Object> cfg = new GatewayHarness(hub, dir).baseConfig();
    cfg.put("limits", Map.of("max_upload_bytes", 64 * 1024, "idle_timeout_seconds", 2,
        "request_timeout_seconds", 3));
    g = new GatewayHarness(hub, dir).start(cfg);
    upload = g.gw.store().tokens().create("uploader", Role.UPLOAD);
    read = g.gw.store().tokens().create("reader", Role.READ);
    admin = g.gw.store().tokens().create("root", Role.ADMIN);
  }

  @AfterEach
  void stop() {
    g.close();
  }

  private HttpResponse<byte[]> post(String path, byte[] body, String token) throws Exception {
    return token == null ? g.post(path, body) : g.post(path, body, "Authorization",
        "Bearer " + token);
  }

  @Test
  void scanAnswersTheScanDocument() throws Exception {
    byte[] evil = Files.readAllBytes(UPLOADS.resolve("evil.pt"));
    HttpResponse<byte[]> r = post("/v1/scan?name=evil.pt", evil, upload);
    assertThat(r.statusCode()).isEqualTo(200);
    Map<?, ?> doc = (Map<?, ?>) json(r);
    assertThat(doc.get("schema")).isEqualTo("modelgate.scan/v1");
    Map<?, ?> res = (Map<?, ?>) ((List<?>) doc.get("results")).get(0);
    assertThat(res.get("path")).isEqualTo("evil.pt");
    assertThat(res.get("verdict")).isEqualTo("malicious");
    assertThat(((Map<?, ?>) doc.get("summary")).get("malicious")).isEqualTo(1L);
    HttpResponse<byte[]> ok = post("/v1/scan?name=state_dict.pt",
        Files.readAllBytes(UPLOADS.resolve("state_dict.pt")), admin);
    assertThat(((Map<?, ?>) ((List<?>) ((Map<?, ?>) json(ok)).get("results")).get(0))
        .get("verdict")).isEqualTo("clean");
    var ev = g.gw.store().events().query(dev.modelgate.server.store.EventStore.Query.latest(10))
        .events();
    assertThat(ev).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("scan");
      assertThat(e.tokenName()).isEqualTo("uploader");
      assertThat(e.verdict()).isEqualTo("malicious");
    });
  }

  @Test
  void convertAnswersSafetensorsOr422() throws Exception {
    byte[] pt = Files.readAllBytes(UPLOADS.resolve("state_dict.pt"));
    HttpResponse<byte[]> r = post("/v1/convert?name=state_dict.pt", pt, upload);
    assertThat(r.statusCode()).isEqualTo(200);
    ByteBuffer b = ByteBuffer.wrap(r.body()).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong();
    Map<?, ?> header = (Map<?, ?>) Json.parse(new String(r.body(), 8, (int) n,
        StandardCharsets.UTF_8));
    assertThat(header.keySet().stream().map(Object::toString).toList())
        .contains("encoder.weight", "encoder.bias", "__metadata__");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("state_dict.safetensors");

    HttpResponse<byte[]> bad = post("/v1/convert?name=evil.pt",
        Files.readAllBytes(UPLOADS.resolve("evil.pt")), upload);
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.headers().firstValue("X-Modelgate-Verdict")).contains("malicious");
    assertThat(((Map<?, ?>) json(bad)).get("schema")).isEqualTo("modelgate.scan/v1");
    try (var s = Files.list(dir.resolve("data/tmp"))) {
      assertThat(s.toList()).as("no spool or output left behind").isEmpty();
    }
  }

  @Test
  void tokensAndRoles() throws Exception {
    byte[] body = Files.readAllBytes(UPLOADS.resolve("state_dict.pt"));
    HttpResponse<byte[]> none = post("/v1/scan", body, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(post("/v1/scan", body, "mgt_wrong").statusCode()).isEqualTo(401);
    assertThat(post("/v1/scan", body, read).statusCode()).isEqualTo(403);
    assertThat(post("/v1/scan", body, upload).statusCode()).isEqualTo(200);
    assertThat(g.get("/v1/events", "Authorization", "Bearer " + upload).statusCode())
        .isEqualTo(403);
    HttpResponse<byte[]> ev = g.get("/v1/events?kind=scan", "Authorization", "Bearer " + admin);
    assertThat(ev.statusCode()).isEqualTo(200);
    assertThat((List<?>) ((Map<?, ?>) json(ev)).get("events")).isNotEmpty();
    g.gw.store().tokens().revoke("uploader");
    Thread.sleep(dev.modelgate.server.http.AuthCacheForTests.millis() + 100);
    assertThat(post("/v1/scan", body, upload).statusCode()).isEqualTo(401);
    // open proxy reads need no token, and an unknown one (a Hub token) is ignored
    assertThat(g.get("/api/models/acme/clean-model").statusCode()).isEqualTo(200);
    assertThat(g.get("/api/models/acme/clean-model", "Authorization", "Bearer hf_abc")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void proxyReadsCanRequireAToken() throws Exception {
    g.close();
    Map<String, Object> cfg = new GatewayHarness(hub, dir).baseConfig();
    cfg.put("access", Map.of("proxy", "token"));
    g = new GatewayHarness(hub, dir).start(cfg);
    assertThat(g.get("/acme/clean-model/resolve/main/config.json").statusCode()).isEqualTo(401);
    HttpResponse<byte[]> ok = g.get("/acme/clean-model/resolve/main/config.json",
        "Authorization", "Bearer " + read);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(g.gw.store().events().query(dev.modelgate.server.store.EventStore.Query.latest(5))
        .events()).anySatisfy(e -> assertThat(e.tokenName()).isEqualTo("reader"));
  }

  /** A refused upload is answered on a closing connection, so no client reuses it mid-close. */
  @Test
  void aRefusedUploadIsAnsweredAndTheConnectionClosed() throws Exception {
    String req = "POST /v1/scan?name=a.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    String answer = RawHttp.exchange(g.url(), req, 10_000);
    assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close");
  }

  @Test
  void anOversizedUploadIs413BeforeItsBodyIsRead() throws Exception {
    String req = "POST /v1/scan?name=big.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + upload + "\r\nContent-Length: 10000000\r\nExpect: 100-continue\r\n\r\n";
    String answer = RawHttp.exchange(g.url(), req, 10_000);
    assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
    // a chunked body is cut off once it passes the limit
    HttpResponse<byte[]> r = g.send("POST", "/v1/scan?name=big.bin",
        java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
          long left = 1 << 20;

          @Override
          public int read() {
            return left-- > 0 ? 'x' : -1;
          }
        }), "Authorization", "Bearer " + upload);
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void aSlowClientIsCutOff() throws Exception {
    URI u = URI.create(g.url());
    // headers that never finish: the idle timeout (2 s here) closes the connection
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(
          StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    // a body that drips in: cut off with 408 by the request timeout (3 s here)
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/scan?name=x.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + upload
          + "\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = null;
      for (int i = 0; i < 60 && answer == null; i++) {
        try {
          out.write('x');
          out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
        Thread.sleep(500);
        if (s.getInputStream().available() > 0) {
          answer = new String(s.getInputStream().readNBytes(s.getInputStream().available()),
              StandardCharsets.US_ASCII);
        }
      }
      if (answer == null) {
        answer = RawHttp.readAll(s.getInputStream());
      }
      assertThat(answer).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void healthAndMetrics() throws Exception {
    assertThat(g.get("/healthz").statusCode()).isEqualTo(200);
    g.get("/acme/evil-bin/resolve/main/pytorch_model.bin");
    String m = new String(g.get("/metrics").body(), StandardCharsets.UTF_8);
    assertThat(m).contains("modelgate_http_requests_total{route=\"hub-resolve\",method=\"GET\","
        + "status=\"403\"} 1").contains("modelgate_blocked_total 1")
        .contains("modelgate_verdicts_total{verdict=\"malicious\"} 1")
        .contains("modelgate_scan_seconds_count").contains("# TYPE modelgate_scan_seconds "
            + "histogram");
    HttpResponse<byte[]> home = g.get("/");
    assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'");
  }
}
