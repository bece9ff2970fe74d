package dev.modelgate.server.it;

import static dev.modelgate.server.testhub.GatewayHarness.fixture;
import static dev.modelgate.server.testhub.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.server.testhub.GatewayHarness;
import dev.modelgate.server.testhub.WithHub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hub protocol through the gateway, against the local Hub's fixture repositories. */
class HubProxyTest extends WithHub {
  @TempDir
  Path dir;
  GatewayHarness g;


  @BeforeEach
  void startGateway() throws Exception {
    g = new GatewayHarness(hub, dir).start();
  }

  @AfterEach
  void stopGateway() {
    g.close();
  }

  @Test
  void revisionInfoResolvesMainToTheCommit() throws Exception {
    HttpResponse<byte[]> r = g.get("/api/models/acme/clean-model/revision/main");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(((Map<?, ?>) json(r)).get("sha")).isEqualTo(hub.commit("acme/clean-model"));
    assertThat(g.get("/api/models/acme/clean-model").statusCode()).isEqualTo(200);
  }

  @Test
  void treeIsPagedByTheGatewayWithLinksBackToIt() throws Exception {
    String commit = hub.commit("acme/clean-model");
    List<Object> all = new ArrayList<>();
    String next = "/api/models/acme/clean-model/tree/" + commit + "?recursive=true&expand=false";
    int pages = 0;
    while (next != null) {
      HttpResponse<byte[]> r = g.get(next);
      assertThat(r.statusCode()).isEqualTo(200);
      all.addAll((List<?>) json(r));
      pages++;
      String link = r.headers().firstValue("Link").orElse(null);
      next = null;
      if (link != null) {
        assertThat(link).startsWith("<" + g.url() + "/api/models/acme/clean-model/tree/");
        next = link.substring(g.url().length() + 1, link.indexOf('>'));
      }
    }
    // the upstream pages by 3; the gateway fetched them all and answers in its own pages
    assertThat(pages).isEqualTo(1);
    assertThat(all).hasSize(7);
    Map<?, ?> st = all.stream().map(o -> (Map<?, ?>) o)
        .filter(m -> m.get("path").equals("model.safetensors")).findFirst().orElseThrow();
    assertThat(st.containsKey("lfs")).isTrue();
    assertThat(st.containsKey("xetHash")).isFalse();
    assertThat(((Map<?, ?>) st.get("lfs")).get("oid"))
        .isEqualTo(hub.file("acme/clean-model", "model.safetensors").sha256());
  }

  @Test
  void cleanFilesAreServedByteIdenticalWithTheHeadersTheClientNeeds() throws Exception {
    String commit = hub.commit("acme/clean-model");
    HttpResponse<byte[]> h = g.head("/acme/clean-model/resolve/main/model.safetensors");
    assertThat(h.statusCode()).isEqualTo(200);
    var f = hub.file("acme/clean-model", "model.safetensors");
    assertThat(h.headers().firstValue("X-Repo-Commit")).contains(commit);
    assertThat(h.headers().firstValue("X-Linked-Etag")).contains("\"" + f.sha256() + "\"");
    assertThat(h.headers().firstValue("X-Linked-Size")).contains(Long.toString(f.size()));
    assertThat(h.headers().firstValue("Content-Length")).contains(Long.toString(f.size()));
    assertThat(h.headers().firstValue("X-Modelgate-Verdict")).contains("clean");
    HttpResponse<byte[]> r = g.get("/acme/clean-model/resolve/" + commit + "/model.safetensors");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(fixture("acme/clean-model", "model.safetensors"));

    HttpResponse<byte[]> cfg = g.get("/acme/clean-model/resolve/main/config.json");
    assertThat(cfg.statusCode()).isEqualTo(200);
    assertThat(cfg.headers().firstValue("ETag")).contains("\""
        + hub.file("acme/clean-model", "config.json").gitOid() + "\"");
    assertThat(cfg.headers().firstValue("X-Linked-Etag")).isEmpty();
    assertThat(cfg.body()).isEqualTo(fixture("acme/clean-model", "config.json"));
  }

  @Test
  void aResumedDownloadGetsTheExactRange() throws Exception {
    byte[] all = fixture("acme/clean-model", "model.safetensors");
    HttpResponse<byte[]> r = g.get("/acme/clean-model/resolve/main/model.safetensors",
        "Range", "bytes=100-");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range"))
        .contains("bytes 100-" + (all.length - 1) + "/" + all.length);
    assertThat(r.body()).isEqualTo(java.util.Arrays.copyOfRange(all, 100, all.length));
    HttpResponse<byte[]> bad = g.get("/acme/clean-model/resolve/main/model.safetensors",
        "Range", "bytes=" + all.length + "-");
    assertThat(bad.statusCode()).isEqualTo(416);
  }

  @Test
  void cachedFilesDoNotGoBackToTheUpstream() throws Exception {
    String lfs = "/lfs/" + hub.file("acme/sharded", "model-00001-of-00002.safetensors").sha256();
    int before = hub.hits(lfs);
    for (int i = 0; i < 3; i++) {
      assertThat(g.get("/acme/sharded/resolve/main/model-00001-of-00002.safetensors")
          .statusCode()).isEqualTo(200);
    }
    assertThat(hub.hits(lfs) - before).isEqualTo(1);
    assertThat(g.get("/acme/sharded/resolve/main/model-00002-of-00002.safetensors").body())
        .isEqualTo(fixture("acme/sharded", "model-00002-of-00002.safetensors"));
    assertThat(g.get("/acme/sharded/resolve/main/model.safetensors.index.json").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aMaliciousPickleIsRefusedWith403AndItsFindings() throws Exception {
    HttpResponse<byte[]> h = g.head("/acme/evil-bin/resolve/main/pytorch_model.bin");
    assertThat(h.statusCode()).isEqualTo(403);
    assertThat(h.headers().firstValue("X-Modelgate-Verdict")).contains("malicious");
    assertThat(h.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("pytorch_model.bin is malicious").contains("pickle.dangerous-call");
    HttpResponse<byte[]> r = g.get("/acme/evil-bin/resolve/main/pytorch_model.bin");
    assertThat(r.statusCode()).isEqualTo(403);
    Map<?, ?> body = (Map<?, ?>) json(r);
    assertThat(body.get("verdict")).isEqualTo("malicious");
    assertThat((String) body.get("error")).contains("malicious");
    List<?> fs = (List<?>) body.get("findings");
    assertThat(fs).isNotEmpty();
    Map<?, ?> f = (Map<?, ?>) fs.get(0);
    for (String k : List.of("rule", "severity", "message", "location", "evidence")) {
      assertThat(f.containsKey(k)).as(k).isTrue();
    }
    assertThat(f.get("severity")).isEqualTo("critical");
    assertThat((String) f.get("evidence")).contains("system('touch /tmp/modelgate-canary-serve')");
    // the config beside it is fine
    assertThat(g.get("/acme/evil-bin/resolve/main/config.json").statusCode()).isEqualTo(200);
  }

  @Test
  void remoteCodeIsBlockedByDefaultWithItsOwnFinding() throws Exception {
    HttpResponse<byte[]> py = g.get("/acme/remote-code/resolve/main/modeling_custom.py");
    assertThat(py.statusCode()).isEqualTo(403);
    assertThat(rules(py)).contains("repo.remote-code");
    HttpResponse<byte[]> cfg = g.get("/acme/remote-code/resolve/main/config.json");
    assertThat(cfg.statusCode()).isEqualTo(403);
    assertThat(cfg.headers().firstValue("X-Error-Message").orElseThrow()).contains("remote code");
    assertThat(new String(cfg.body())).contains("auto_map");
    assertThat(g.get("/acme/remote-code/resolve/main/model.safetensors").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aPolicyCanAllowRemoteCodeForOneRepository() throws Exception {
    g.close();
    Map<String, Object> cfg = g.baseConfig();
    cfg.put("policy", Map.of("repos", List.of(Map.of("match", "acme/remote-code",
        "remote_code", true))));
    g = new GatewayHarness(hub, dir).start(cfg);
    assertThat(g.get("/acme/remote-code/resolve/main/modeling_custom.py").statusCode())
        .isEqualTo(200);
    assertThat(g.get("/acme/remote-code/resolve/main/config.json").statusCode()).isEqualTo(200);
  }

  @Test
  void aMaliciousChatTemplateIsRefused() throws Exception {
    HttpResponse<byte[]> r = g.get("/acme/evil-template/resolve/main/tokenizer_config.json");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(rules(r)).contains("chat-template.injection");
    assertThat(g.get("/acme/clean-model/resolve/main/tokenizer_config.json").statusCode())
        .isEqualTo(200);
  }

  @Test
  void unlistedGlobalsAreSuspiciousUnlessTheOrgAllowsThem() throws Exception {
    g.close();
    Map<String, Object> cfg = g.baseConfig();
    cfg.put("policy", Map.of("repos", List.of(Map.of("match", "sk-org/*",
        "allow", List.of("sklearn.*")))));
    g = new GatewayHarness(hub, dir).start(cfg);
    HttpResponse<byte[]> acme = g.get("/acme/sk-model/resolve/main/model.joblib");
    assertThat(acme.statusCode()).isEqualTo(403);
    assertThat(acme.headers().firstValue("X-Modelgate-Verdict")).contains("suspicious");
    HttpResponse<byte[]> sk = g.get("/sk-org/sk-model/resolve/main/model.joblib");
    assertThat(sk.statusCode()).isEqualTo(200);
    assertThat(sk.body()).isEqualTo(fixture("sk-org/sk-model", "model.joblib"));
  }

  @Test
  void missingThingsAre404WithTheHubsErrorCodes() throws Exception {
    HttpResponse<byte[]> e = g.head("/acme/clean-model/resolve/main/nope.json");
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.headers().firstValue("X-Error-Code")).contains("EntryNotFound");
    assertThat(e.headers().firstValue("X-Repo-Commit")).contains(hub.commit("acme/clean-model"));
    HttpResponse<byte[]> rev = g.get("/acme/clean-model/resolve/v9/config.json");
    assertThat(rev.statusCode()).isEqualTo(404);
    assertThat(rev.headers().firstValue("X-Error-Code")).contains("RevisionNotFound");
    HttpResponse<byte[]> repo = g.get("/api/models/acme/nothing/revision/main");
    assertThat(repo.headers().firstValue("X-Error-Code")).contains("RepoNotFound");
  }

  @Test
  void everyDecisionIsInTheAuditLog() throws Exception {
    g.get("/acme/evil-bin/resolve/main/pytorch_model.bin");
    g.get("/acme/clean-model/resolve/main/config.json", "Authorization", "Bearer not-ours");
    var events = g.gw.store().events().query(dev.modelgate.server.store.EventStore.Query
        .latest(50)).events();
    assertThat(events).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("download");
      assertThat(e.blocked()).isTrue();
      assertThat(e.verdict()).isEqualTo("malicious");
      assertThat(e.path()).isEqualTo("pytorch_model.bin");
      assertThat(e.findings()).contains("pickle.dangerous-call");
      assertThat(e.client()).isEqualTo("127.0.0.1");
      assertThat(e.status()).isEqualTo(403);
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("download");
      assertThat(e.blocked()).isFalse();
      assertThat(e.path()).isEqualTo("config.json");
      assertThat(e.sha256()).hasSize(64);
    });
    assertThat(events).anySatisfy(e -> assertThat(e.kind()).isEqualTo("fetch"));
    String log = Files.readString(dir.resolve("access.log"));
    assertThat(log).contains("\"path\":\"/acme/evil-bin/resolve/main/pytorch_model.bin\"")
        .contains("\"verdict\":\"malicious\"").doesNotContain("not-ours");
  }

  @Test
  void oddButValidFileNamesWork() throws Exception {
    HttpResponse<byte[]> r = g.get("/acme/odd-names/resolve/main/w%C3%A9%20ird%20name.safetensors");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(fixture("acme/odd-names", "wé ird name.safetensors"));
  }

  static List<String> rules(HttpResponse<byte[]> r) throws Exception {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) ((Map<?, ?>) json(r)).get("findings")) {
      out.add((String) ((Map<?, ?>) o).get("rule"));
    }
    return out;
  }
}
