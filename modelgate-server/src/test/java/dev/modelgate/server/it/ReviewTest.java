package dev.modelgate.server.it;

import static dev.modelgate.server.testhub.GatewayHarness.fixture;
import static dev.modelgate.server.testhub.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.server.store.EventStore;
import dev.modelgate.server.store.TokenStore.Role;
import dev.modelgate.server.testhub.GatewayHarness;
import dev.modelgate.server.testhub.WithHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures required by policy, and reviewers' decisions (release, allow, revoke). */
class ReviewTest extends WithHub {
  @TempDir
  Path dir;
  GatewayHarness g;
  String admin;


  @BeforeEach
  void start() throws Exception {
    Map<String, Object> cfg = new GatewayHarness(hub, dir).baseConfig();
    Map<String, Object> sig = Map.of("keys", List.of(Path.of("src/test/resources/keys/"
        + "signer-pub.pem").toAbsolutePath().toString()));
    cfg.put("policy", Map.of("repos", List.of(
        Map.of("match", "acme/signed", "signatures", sig),
        Map.of("match", "acme/tampered", "signatures", sig),
        Map.of("match", "acme/clean-model", "signatures", sig))));
    g = new GatewayHarness(hub, dir).start(cfg);
    admin = g.gw.store().tokens().create("reviewer", Role.ADMIN);
  }

  @AfterEach
  void stop() {
    g.close();
  }

  private HttpResponse<byte[]> admin(String path, String body) throws Exception {
    return g.post(path, body.getBytes(StandardCharsets.UTF_8), "Authorization",
        "Bearer " + admin, "Content-Type", "application/json");
  }

  @Test
  void aSignedRepositoryIsServedOnceItsSignatureVerifies() throws Exception {
    HttpResponse<byte[]> r = g.get("/acme/signed/resolve/main/model.safetensors");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(fixture("acme/signed", "model.safetensors"));
    assertThat(g.head("/acme/signed/resolve/main/config.json").statusCode()).isEqualTo(200);
  }

  @Test
  void aTamperedOrUnsignedRepositoryIsRefusedWhole() throws Exception {
    HttpResponse<byte[]> t = g.get("/acme/tampered/resolve/main/config.json");
    assertThat(t.statusCode()).isEqualTo(403);
    assertThat(t.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("must be signed").contains("model.safetensors");
    assertThat(HubProxyTest.rules(t)).contains("signature.unverified");
    HttpResponse<byte[]> u = g.head("/acme/clean-model/resolve/main/config.json");
    assertThat(u.statusCode()).isEqualTo(403);
    assertThat(u.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("has no signature");
    // repositories without the rule are not affected
    assertThat(g.get("/acme/sharded/resolve/main/config.json").statusCode()).isEqualTo(200);
  }

  @Test
  void aReleaseLetsOneBlockedFileThroughUntilRevoked() throws Exception {
    String path = "/acme/evil-bin/resolve/main/pytorch_model.bin";
    assertThat(g.get(path).statusCode()).isEqualTo(403);
    String commit = hub.commit("acme/evil-bin");
    HttpResponse<byte[]> noReason = admin("/v1/decisions", "{\"kind\":\"release\",\"repo\":"
        + "\"acme/evil-bin\",\"commit\":\"" + commit + "\",\"path\":\"pytorch_model.bin\"}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> d = admin("/v1/decisions", "{\"kind\":\"release\",\"repo\":"
        + "\"acme/evil-bin\",\"commit\":\"" + commit + "\",\"path\":\"pytorch_model.bin\","
        + "\"reason\":\"test fixture, reviewed\"}");
    assertThat(d.statusCode()).isEqualTo(201);
    long id = (Long) ((Map<?, ?>) json(d)).get("id");
    HttpResponse<byte[]> ok = g.get(path);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("X-Modelgate-Verdict")).contains("malicious");
    HttpResponse<byte[]> rv = admin("/v1/decisions/" + id + "/revoke", "{\"reason\":\"no\"}");
    assertThat(rv.statusCode()).isEqualTo(200);
    assertThat(((Map<?, ?>) json(rv)).get("active")).isEqualTo(false);
    assertThat(g.get(path).statusCode()).isEqualTo(403);
    var kinds = g.gw.store().events().query(EventStore.Query.latest(50)).events().stream()
        .map(e -> e.kind() + ":" + e.reason()).toList();
    assertThat(kinds).contains("decision:test fixture, reviewed", "revoke:no");
  }

  @Test
  void anAllowDecisionAppliesToTheWholeOrganisation() throws Exception {
    String path = "/acme/sk-model/resolve/main/model.joblib";
    assertThat(g.get(path).statusCode()).isEqualTo(403);
    HttpResponse<byte[]> d = admin("/v1/decisions", "{\"kind\":\"allow\",\"org\":\"acme\","
        + "\"pattern\":\"sklearn.*\",\"reason\":\"we ship scikit-learn models\"}");
    assertThat(d.statusCode()).isEqualTo(201);
    assertThat(g.get(path).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> pol = g.get("/v1/policy?repo=acme/sk-model", "Authorization",
        "Bearer " + admin);
    assertThat(((Map<?, ?>) json(pol)).get("allow")).isEqualTo(List.of("sklearn.*"));
    // other organisations are not affected
    assertThat(g.get("/sk-org/sk-model/resolve/main/model.joblib").statusCode()).isEqualTo(403);
    long id = (Long) ((Map<?, ?>) json(d)).get("id");
    assertThat(admin("/v1/decisions/" + id + "/revoke", "{\"reason\":\"policy change\"}")
        .statusCode()).isEqualTo(200);
    assertThat(g.get(path).statusCode()).isEqualTo(403);
    HttpResponse<byte[]> list = g.get("/v1/decisions", "Authorization", "Bearer " + admin);
    assertThat((List<?>) ((Map<?, ?>) json(list)).get("decisions")).hasSize(1);
  }

  @Test
  void onlyAdminsDecide() throws Exception {
    String up = g.gw.store().tokens().create("up", Role.UPLOAD);
    HttpResponse<byte[]> r = g.post("/v1/decisions", "{}".getBytes(), "Authorization",
        "Bearer " + up);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(g.post("/v1/decisions", "{}".getBytes()).statusCode()).isEqualTo(401);
  }
}
