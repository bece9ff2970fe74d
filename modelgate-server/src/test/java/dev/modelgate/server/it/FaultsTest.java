package dev.modelgate.server.it;

import static dev.modelgate.server.testhub.GatewayHarness.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.server.testhub.GatewayHarness;
import dev.modelgate.server.testhub.LocalHub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the upstream or a client can get wrong, and what the gateway does about it. */
class FaultsTest {
  @TempDir
  Path dir;
  LocalHub hub;
  GatewayHarness g;

  @BeforeEach
  void start() throws Exception {
    hub = new LocalHub(GatewayHarness.HUB_ROOT, 0);
    g = new GatewayHarness(hub, dir).start();
  }

  @AfterEach
  void stop() throws Exception {
    g.close();
    hub.close();
  }

  private long blobs() throws Exception {
    Path b = dir.resolve("data/blobs");
    try (Stream<Path> s = Files.walk(b)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void bytesThatDoNotMatchTheEtagAreRefusedAndNeverCached() throws Exception {
    hub.tamper("acme/clean-model/model.safetensors");
    HttpResponse<byte[]> r = g.get("/acme/clean-model/resolve/main/model.safetensors");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("X-Modelgate-Verdict")).contains("invalid");
    assertThat(r.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("do not match").contains("not cached");
    assertThat(HubProxyTest.rules(r)).contains("upstream.integrity");
    assertThat(blobs()).isZero();
    assertThat(g.gw.store().hub().file("acme/clean-model", hub.commit("acme/clean-model"),
        "model.safetensors")).isEmpty();
    // a non-LFS file is checked by its git blob id
    hub.tamper("acme/clean-model/config.json");
    assertThat(g.get("/acme/clean-model/resolve/main/config.json").statusCode()).isEqualTo(403);
    // once the upstream behaves, the same file is fetched afresh
    hub.untamper();
    HttpResponse<byte[]> ok = g.get("/acme/clean-model/resolve/main/model.safetensors");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo(fixture("acme/clean-model", "model.safetensors"));
  }

  @Test
  void aLinkedEtagThatContradictsTheTreeIsRefused() throws Exception {
    hub.lieAboutEtag("acme/sharded/model-00001-of-00002.safetensors");
    HttpResponse<byte[]> r = g.get("/acme/sharded/resolve/main/model-00001-of-00002.safetensors");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("X-Linked-Etag");
    assertThat(blobs()).isZero();
  }

  @Test
  void cachedFilesAreServedWhenTheUpstreamIsDown() throws Exception {
    byte[] want = fixture("acme/clean-model", "model.safetensors");
    String commit = hub.commit("acme/clean-model");
    assertThat(g.get("/api/models/acme/clean-model/revision/main").statusCode()).isEqualTo(200);
    assertThat(g.get("/acme/clean-model/resolve/main/model.safetensors").statusCode())
        .isEqualTo(200);
    Map<String, Object> cfg = g.baseConfig();
    cfg.put("limits", Map.of("revision_ttl_seconds", 0));
    hub.close();
    // a fresh client asks for the revision, the tree, then the file, by branch name
    g.close();
    g = new GatewayHarness(hub, dir).start(cfg);
    HttpResponse<byte[]> info = g.get("/api/models/acme/clean-model/revision/main");
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(new String(info.body())).contains(commit);
    assertThat(g.get("/api/models/acme/clean-model/tree/" + commit + "?recursive=true")
        .statusCode()).isEqualTo(200);
    HttpResponse<byte[]> r = g.get("/acme/clean-model/resolve/main/model.safetensors");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(want);
    // what was never fetched cannot be served
    HttpResponse<byte[]> miss = g.get("/acme/clean-model/resolve/main/vocab.txt");
    assertThat(miss.statusCode()).isEqualTo(502);
    HttpResponse<byte[]> other = g.get("/api/models/acme/sharded/revision/main");
    assertThat(other.statusCode()).isEqualTo(502);
    assertThat(other.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("upstream is unavailable");
  }

  @Test
  void redirectsGoOnlyToConfiguredHosts() throws Exception {
    hub.cdnHost("localhost");
    HttpResponse<byte[]> r = g.get("/acme/clean-model/resolve/main/model.safetensors");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("localhost").contains("not an allowed host");
    assertThat(hub.hits("/lfs/")).isZero();
    g.close();
    Map<String, Object> cfg = g.baseConfig();
    cfg.put("upstream", Map.of("url", hub.url(), "allowed_hosts", List.of("localhost")));
    g = new GatewayHarness(hub, dir).start(cfg);
    assertThat(g.get("/acme/clean-model/resolve/main/model.safetensors").statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/acme/clean-model/resolve/main/../../../etc/passwd",
      "/acme/clean-model/resolve/main/%2e%2e/%2e%2e/etc/passwd",
      "/acme/clean-model/resolve/main/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
      "/acme/clean-model/resolve/main/sub/..%2f..%2fconfig.json",
      "/acme/clean-model/resolve/main//etc/passwd",
      "/acme/clean-model/resolve/main/%2Fetc%2Fpasswd",
      "/acme/clean-model/resolve/main/..%5c..%5cconfig.json",
      "/acme/clean-model/resolve/main/a%5Cb",
      "/acme/clean-model/resolve/main/config.json%00.txt",
      "/acme/clean-model/resolve/main/C:%5Cwindows",
      "/acme/clean-model/resolve/%2e%2e/config.json",
      "/acme/clean-model/resolve/..%2f..%2fmain/config.json",
      "/acme/clean-model/resolve/main%00/config.json",
      "/acme/clean-model/resolve/ma%5cin/config.json",
      "/%2e%2e/clean-model/resolve/main/config.json",
      "/acme/..%2f..%2fetc/resolve/main/config.json",
      "/acme/clean%00model/resolve/main/config.json",
      "/acme%5cclean-model/resolve/main/config.json",
      "/api/models/acme/%2e%2e/revision/main",
      "/api/models/acme/clean-model/revision/%2e%2e",
      "/api/models/acme/clean-model/tree/main/%2e%2e",
      "/api/models/acme/clean-model/tree/main/a%00b",
      "/acme/clean-model/resolve/main/bad%zzescape"})
  void traversalAndControlCharactersAre400(String path) throws Exception {
    assertThat(RawHttp.status(g.url(), RawHttp.get(path))).as(path).isEqualTo(400);
  }

  @Test
  void aStalledUpstreamDoesNotHoldAHeadPastItsWait() throws Exception {
    g.close();
    Map<String, Object> cfg = g.baseConfig();
    cfg.put("limits", Map.of("head_wait_seconds", 1));
    g = new GatewayHarness(hub, dir).start(cfg);
    hub.stall("acme/clean-model/model.safetensors", 64);
    HttpResponse<byte[]> h = g.head("/acme/clean-model/resolve/main/model.safetensors");
    // the HEAD answers from the tree listing; nothing is served until the scan is done
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.headers().firstValue("X-Linked-Size")).contains(Long.toString(
        hub.file("acme/clean-model", "model.safetensors").size()));
    assertThat(h.headers().firstValue("X-Modelgate-Verdict")).isEmpty();
    assertThat(blobs()).isZero();
    hub.release();
    HttpResponse<byte[]> r = g.get("/acme/clean-model/resolve/main/model.safetensors");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(fixture("acme/clean-model", "model.safetensors"));
  }
}
