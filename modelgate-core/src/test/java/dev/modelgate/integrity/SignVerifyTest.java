package dev.modelgate.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignVerifyTest {
  @TempDir
  Path tmp;

  static final List<String> IGNORE = ModelHasherTest.DEFAULT_IGNORES;

  Path signed(String keyFile, Serialization ser) throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest man = new ModelHasher(2).hash(m, ser, null);
    Files.write(m.resolve("model.sig"), KeySigner.ofKey(Fixtures.privateKey(keyFile)).sign(man));
    return m;
  }

  ModelVerifier.Result verify(Path m, BundleVerifier v) throws Exception {
    return verify(m, v, false);
  }

  ModelVerifier.Result verify(Path m, BundleVerifier v, boolean ignoreUnsigned) throws Exception {
    Bundle b = Bundle.parse(Files.readAllBytes(m.resolve("model.sig")));
    return new ModelVerifier(new ModelHasher(2)).verify(m, b, v, List.of("model.sig", ".git"), ignoreUnsigned);
  }

  static PublicKeyVerifier keyVerifier(String pub) throws Exception {
    return new PublicKeyVerifier(Fixtures.publicKey(pub));
  }

  @ParameterizedTest
  @ValueSource(strings = {"p256-pkcs8", "p256-sec1", "p384-pkcs8", "p384-sec1", "p521-pkcs8", "p521-sec1"})
  void roundTripOnEveryCurveAndKeyFormat(String key) throws Exception {
    Path m = signed(key + ".pem", Serialization.files(IGNORE));
    String pub = key.substring(0, 4) + "-pub.pem";
    ModelVerifier.Result r = verify(m, keyVerifier(pub));
    assertThat(r.items()).isEqualTo(5);
    Bundle b = Bundle.parse(Files.readAllBytes(m.resolve("model.sig")));
    assertThat(b.keyHint()).isEqualTo(Keys.hint(Fixtures.publicKey(pub)));
  }

  @Test
  void hintIsSha256OfThePemTextOfTheKey() throws Exception {
    // The reference's hint for the vectors' key (from v1.1.0-elliptic-key/model.sig).
    assertThat(Keys.hint(Keys.publicKey(Fixtures.text(Fixtures.VECTOR_KEYS.resolve("signing-key-pub.pem")))))
        .isEqualTo("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e");
  }

  @Test
  void sec1AndPkcs8GiveTheSameKey() throws Exception {
    assertThat(((java.security.interfaces.ECPrivateKey) Fixtures.privateKey("p384-sec1.pem")).getS())
        .isEqualTo(((java.security.interfaces.ECPrivateKey) Fixtures.privateKey("p384-pkcs8.pem")).getS());
    assertThat(Keys.publicOf(Fixtures.privateKey("p521-sec1.pem")).getEncoded())
        .isEqualTo(Fixtures.publicKey("p521-pub.pem").getEncoded());
  }

  @Test
  void unsupportedKeysAreRefused() {
    assertThatThrownBy(() -> Fixtures.privateKey("k1-pkcs8.pem")).hasMessageContaining("unsupported curve");
    assertThatThrownBy(() -> Fixtures.privateKey("rsa-pkcs8.pem")).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> Keys.privateKey("not a key")).isInstanceOf(IntegrityException.class);
  }

  @Test
  void shardedRoundTrip() throws Exception {
    Path m = signed("p256-pkcs8.pem", Serialization.shards(1000, IGNORE));
    assertThat(verify(m, keyVerifier("p256-pub.pem")).items()).isEqualTo(13);
    byte[] w = Files.readAllBytes(m.resolve("model.safetensors"));
    w[5555] ^= 1;
    Files.write(m.resolve("model.safetensors"), w);
    assertThatThrownBy(() -> verify(m, keyVerifier("p256-pub.pem")))
        .hasMessageContaining("changed: model.safetensors:5000:6000");
  }

  @Test
  void shardSizeWrittenAsIntegerAndReadAsFloatToo() throws Exception {
    Path m = signed("p256-pkcs8.pem", Serialization.shards(512, IGNORE));
    Bundle b = Bundle.parse(Files.readAllBytes(m.resolve("model.sig")));
    String payload = new String(b.payload(), StandardCharsets.UTF_8);
    assertThat(payload).contains("\"shard_size\": 512,").doesNotContain("512.0");
    assertThat(Statement.integer(new java.math.BigDecimal("512.0"), "x")).isEqualTo(512);
    assertThatThrownBy(() -> Statement.integer(new java.math.BigDecimal("512.5"), "x"))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void tamperedExtraAndMissingFilesFailNamingTheFile() throws Exception {
    Path m = signed("p256-pkcs8.pem", Serialization.files(IGNORE));
    Files.writeString(m.resolve("tokenizer/vocab.txt"), "a\nb\nX\n");
    assertThatThrownBy(() -> verify(m, keyVerifier("p256-pub.pem")))
        .hasMessageContaining("changed: tokenizer/vocab.txt");
    Files.writeString(m.resolve("tokenizer/vocab.txt"), "a\nb\nc\n");
    Files.writeString(m.resolve("tokenizer/evil.py"), "x");
    assertThatThrownBy(() -> verify(m, keyVerifier("p256-pub.pem")))
        .hasMessageContaining("not signed: tokenizer/evil.py");
    // --ignore-unsigned-files accepts the extra file
    assertThat(verify(m, keyVerifier("p256-pub.pem"), true).items()).isEqualTo(5);
    Files.delete(m.resolve("tokenizer/evil.py"));
    Files.delete(m.resolve("empty.bin"));
    assertThatThrownBy(() -> verify(m, keyVerifier("p256-pub.pem")))
        .hasMessageContaining("missing: empty.bin");
    assertThatThrownBy(() -> verify(m, keyVerifier("p256-pub.pem"), true))
        .hasMessageContaining("missing: empty.bin");
  }

  @Test
  void wrongKeyFails() throws Exception {
    Path m = signed("p256-pkcs8.pem", Serialization.files(IGNORE));
    assertThatThrownBy(() -> verify(m, keyVerifier("other-pub.pem"))).hasMessageContaining("key mismatch");
    // Without the hint, the signature check itself fails.
    Bundle b = Bundle.parse(Files.readAllBytes(m.resolve("model.sig")));
    Bundle noHint = new Bundle(b.mediaType(), null, null, List.of(), List.of(), b.payload(), b.payloadType(), b.signature());
    assertThatThrownBy(() -> keyVerifier("other-pub.pem").verify(noHint)).hasMessageContaining("invalid signature");
  }

  @Test
  void corruptedBundlesFailClearly() throws Exception {
    Path m = signed("p256-pkcs8.pem", Serialization.files(IGNORE));
    String json = Files.readString(m.resolve("model.sig"));
    assertThatThrownBy(() -> Bundle.parse(json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Bundle.parse(json.replace("dsseEnvelope", "messageSignature").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("dsseEnvelope");
    assertThatThrownBy(() -> Bundle.parse(json.replace("bundle.v0.3", "bundle.v9").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("mediaType");
    Bundle b = Bundle.parse(json.getBytes(StandardCharsets.UTF_8));
    byte[] sig = b.signature().clone();
    sig[sig.length - 1] ^= 1;
    Bundle bad = new Bundle(b.mediaType(), b.keyHint(), null, List.of(), List.of(), b.payload(), b.payloadType(), sig);
    assertThatThrownBy(() -> keyVerifier("p256-pub.pem").verify(bad)).hasMessageContaining("invalid signature");
  }

  @Test
  void signedNamesThatEscapeTheModelAreRejected() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest evil = new Manifest("m", List.of(new ManifestItem("../secret", "sha256", "00".repeat(32))),
        Serialization.files(List.of()));
    Files.write(m.resolve("model.sig"), KeySigner.ofKey(Fixtures.privateKey("p256-pkcs8.pem")).sign(evil));
    assertThatThrownBy(() -> verify(m, keyVerifier("p256-pub.pem"))).hasMessageContaining("unsafe path '../secret'");
  }

  @Test
  void inconsistentRootDigestIsRejected() throws Exception {
    Manifest man = new Manifest("m", List.of(new ManifestItem("a", "sha256", "11".repeat(32))), Serialization.files(List.of()));
    String payload = new String(Statement.payload(man), StandardCharsets.UTF_8).replace("11111111", "22222222");
    assertThatThrownBy(() -> Statement.parse(payload.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("root digest");
  }

  Path certSigned(String keyFile, String certFile) throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest man = new ModelHasher(2).hash(m, Serialization.files(IGNORE), null);
    KeySigner s = KeySigner.ofCertificate(Fixtures.privateKey(keyFile), Fixtures.certs(certFile).get(0),
        Fixtures.certs("int-cert.pem"));
    Files.write(m.resolve("model.sig"), s.sign(man));
    return m;
  }

  @Test
  void certificateRoundTrip() throws Exception {
    Path m = certSigned("leaf-key.pem", "leaf-cert.pem");
    assertThat(verify(m, new CertificateVerifier(Fixtures.certs("ca-cert.pem"))).items()).isEqualTo(5);
    Bundle b = Bundle.parse(Files.readAllBytes(m.resolve("model.sig")));
    assertThat(b.certificates()).hasSize(2);
    assertThat(b.keyHint()).isNull();
  }

  @Test
  void certificateFromAnotherCaFails() throws Exception {
    Path m = certSigned("leaf-key.pem", "leaf-cert.pem");
    assertThatThrownBy(() -> verify(m, new CertificateVerifier(Fixtures.certs("other-ca-cert.pem"))))
        .hasMessageContaining("not trusted");
  }

  @Test
  void certificateThatMayNotSignFails() throws Exception {
    Path m = certSigned("nosign-key.pem", "nosign-cert.pem");
    assertThatThrownBy(() -> verify(m, new CertificateVerifier(Fixtures.certs("ca-cert.pem"))))
        .hasMessageContaining("may not be used for signing");
  }

  @Test
  void certificateMustMatchThePrivateKey() {
    assertThatThrownBy(() -> KeySigner.ofCertificate(Fixtures.privateKey("p256-pkcs8.pem"),
        Fixtures.certs("leaf-cert.pem").get(0), List.<X509Certificate>of()))
        .hasMessageContaining("does not match");
  }

  @Test
  void keyAndCertificateBundlesAreNotInterchangeable() throws Exception {
    Path m = certSigned("leaf-key.pem", "leaf-cert.pem");
    assertThatThrownBy(() -> verify(m, keyVerifier("p256-pub.pem"))).isInstanceOf(IntegrityException.class);
    Path k = tmp.resolve("k");
    Fixtures.copy(signed("p256-pkcs8.pem", Serialization.files(IGNORE)), k);
    assertThatThrownBy(() -> verify(k, new CertificateVerifier(Fixtures.certs("ca-cert.pem"))))
        .hasMessageContaining("no certificate");
  }

  @Test
  void sigstoreIdentityAndIssuerMustMatch() throws Exception {
    Path v = Fixtures.VECTORS.resolve("v1.1.0-sigstore");
    Bundle b = Bundle.parse(Files.readAllBytes(v.resolve("model.sig")));
    TrustedRoot root = Fixtures.trustedRoot();
    new SigstoreVerifier(root, Fixtures.IDENTITY, Fixtures.ISSUER).verify(b);
    assertThatThrownBy(() -> new SigstoreVerifier(root, "mallory@example.com", Fixtures.ISSUER).verify(b))
        .hasMessageContaining("identity mismatch");
    assertThatThrownBy(() -> new SigstoreVerifier(root, Fixtures.IDENTITY, "https://accounts.google.com").verify(b))
        .hasMessageContaining("issuer mismatch");
  }

  @Test
  void sigstoreTamperedLogEntryFails() throws Exception {
    Path v = Fixtures.VECTORS.resolve("v1.1.0-sigstore");
    String json = Files.readString(v.resolve("model.sig"));
    TrustedRoot root = Fixtures.trustedRoot();
    // A different integrated time breaks the signed entry timestamp.
    Bundle t = Bundle.parse(json.replace("\"integratedTime\":\"1760062340\"", "\"integratedTime\":\"1760062341\"")
        .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new SigstoreVerifier(root, Fixtures.IDENTITY, Fixtures.ISSUER).verify(t))
        .hasMessageContaining("signed entry timestamp");
    // A wrong inclusion-proof hash does not lead to the root.
    Bundle p = Bundle.parse(json.replace("P439a1wjUaISQbG2jSIGT1cYyPX", "Q439a1wjUaISQbG2jSIGT1cYyPX")
        .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new SigstoreVerifier(root, Fixtures.IDENTITY, Fixtures.ISSUER).verify(p))
        .hasMessageContaining("inclusion proof");
  }

  @Test
  void sigstoreWithoutTheRightTrustRootFails() throws Exception {
    Path v = Fixtures.VECTORS.resolve("v1.1.0-sigstore");
    Bundle b = Bundle.parse(Files.readAllBytes(v.resolve("model.sig")));
    String rootJson = Files.readString(Fixtures.ROOT.resolve("trusted_root.json"))
        .replace("wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=", "AAI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=");
    TrustedRoot other = TrustedRoot.parse(rootJson.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new SigstoreVerifier(other, Fixtures.IDENTITY, Fixtures.ISSUER).verify(b))
        .hasMessageContaining("not in the trusted root");
  }
}
