package dev.modelgate.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle modelgate writes has exactly the fields, types and fixed values of the bundles
 * model_signing 1.1.0 wrote (the v1.1.0 vectors), in the bundle and in the signed statement.
 */
class BundleStructureTest {
  @TempDir
  Path tmp;

  /** Field paths with the JSON type of each value, lists collapsed to their first element. */
  static Map<String, String> shape(Object v, String path, Map<String, String> out) {
    if (v instanceof Map<?, ?> m) {
      out.put(path, "object");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        shape(e.getValue(), path + "." + e.getKey(), out);
      }
    } else if (v instanceof List<?> l) {
      out.put(path, "array");
      if (!l.isEmpty()) {
        shape(l.get(0), path + "[]", out);
      }
    } else {
      out.put(path, v == null ? "null" : v instanceof String ? "string"
          : v instanceof Boolean ? "boolean" : "number");
    }
    return out;
  }

  static Map<?, ?> json(byte[] b) throws Exception {
    return (Map<?, ?>) Json.parse(b);
  }

  static Map<?, ?> statement(Map<?, ?> bundle) throws Exception {
    String p = (String) ((Map<?, ?>) bundle.get("dsseEnvelope")).get("payload");
    return json(Base64.getDecoder().decode(p));
  }

  void compare(String vector, byte[] ours) throws Exception {
    Map<?, ?> ref = json(Files.readAllBytes(Fixtures.VECTORS.resolve(vector).resolve("model.sig")));
    Map<?, ?> mine = json(ours);
    assertThat(shape(mine, "", new TreeMap<>())).isEqualTo(shape(ref, "", new TreeMap<>()));
    assertThat(shape(statement(mine), "", new TreeMap<>())).isEqualTo(shape(statement(ref), "", new TreeMap<>()));
    assertThat(mine.get("mediaType")).isEqualTo(ref.get("mediaType"));
    Map<?, ?> env = (Map<?, ?>) mine.get("dsseEnvelope");
    assertThat(env.get("payloadType")).isEqualTo("application/vnd.in-toto+json");
    assertThat(((Map<?, ?>) ((List<?>) env.get("signatures")).get(0)).get("keyid")).isEqualTo("");
    Map<?, ?> st = statement(mine);
    Map<?, ?> refSt = statement(ref);
    assertThat(st.get("_type")).isEqualTo(refSt.get("_type"));
    assertThat(st.get("predicateType")).isEqualTo(refSt.get("predicateType"));
    Map<?, ?> ser = (Map<?, ?>) ((Map<?, ?>) st.get("predicate")).get("serialization");
    assertThat(ser.get("method")).isEqualTo("files");
    assertThat(ser.get("hash_type")).isEqualTo("sha256");
    assertThat(ser.get("allow_symlinks")).isEqualTo(false);
    // Same model, same settings: same resources and root digest as the reference.
    assertThat(((Map<?, ?>) st.get("predicate")).get("resources"))
        .isEqualTo(((Map<?, ?>) refSt.get("predicate")).get("resources"));
    assertThat(((Map<?, ?>) ((List<?>) st.get("subject")).get(0)).get("digest"))
        .isEqualTo(((Map<?, ?>) ((List<?>) refSt.get("subject")).get(0)).get("digest"));
  }

  Manifest manifestOf(String vector) throws Exception {
    Path m = Fixtures.copy(Fixtures.VECTORS.resolve(vector), tmp.resolve(vector));
    List<String> ignore = IgnorePaths.resolve(m, List.of(m.resolve("ignore-me")), m.resolve("model.sig"), true);
    return new ModelHasher(1).hash(m, Serialization.files(ignore), null);
  }

  @Test
  void keyBundleMatchesTheReferenceLayout() throws Exception {
    byte[] ours = KeySigner.ofKey(Keys.privateKey(Fixtures.text(Fixtures.VECTOR_KEYS.resolve("signing-key.pem"))))
        .sign(manifestOf("v1.1.0-elliptic-key"));
    compare("v1.1.0-elliptic-key", ours);
    // Same key as the reference: same hint.
    assertThat(((Map<?, ?>) ((Map<?, ?>) json(ours).get("verificationMaterial")).get("publicKey")).get("hint"))
        .isEqualTo("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e");
  }

  @Test
  void certificateBundleMatchesTheReferenceLayout() throws Exception {
    var leaf = Certificates.fromPem(Fixtures.text(Fixtures.VECTOR_KEYS.resolve("signing-key-cert.pem"))).get(0);
    var intermediate = Certificates.fromPem(Fixtures.text(Fixtures.VECTOR_KEYS.resolve("int-ca-cert.pem")));
    byte[] ours = KeySigner.ofCertificate(
        Keys.privateKey(Fixtures.text(Fixtures.VECTOR_KEYS.resolve("signing-key.pem"))), leaf, intermediate)
        .sign(manifestOf("v1.1.0-certificate"));
    compare("v1.1.0-certificate", ours);
    // The certificate chain is byte-identical to the reference's.
    Map<?, ?> ref = json(Files.readAllBytes(Fixtures.VECTORS.resolve("v1.1.0-certificate/model.sig")));
    assertThat(((Map<?, ?>) json(ours).get("verificationMaterial")).get("x509CertificateChain"))
        .isEqualTo(((Map<?, ?>) ref.get("verificationMaterial")).get("x509CertificateChain"));
  }
}
