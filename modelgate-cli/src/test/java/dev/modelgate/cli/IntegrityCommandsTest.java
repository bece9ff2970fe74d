package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.cli.args.Io;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hash / sign / verify from the command line: output, messages and exit codes. */
class IntegrityCommandsTest {
  static final Path FIX = Path.of("../modelgate-core/src/test/resources/fixtures/integrity");
  static final Path VEC = FIX.resolve("oms-vectors");
  static final Path KEYS = FIX.resolve("keys");

  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  Path model() throws IOException {
    Path m = tmp.resolve("model");
    Files.createDirectories(m.resolve("tokenizer"));
    Files.writeString(m.resolve("tokenizer/vocab.txt"), "a b c");
    Files.writeString(m.resolve("tokenizer.json"), "{}");
    Files.write(m.resolve("weights.bin"), new byte[3000]);
    return m;
  }

  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
          t.toFile().setWritable(true);
        }
      }
    }
    return to;
  }

  /** hash and sign show a progress line when stderr is a terminal, and take it away again. */
  @Test
  void progressOnATerminalOnly() throws IOException {
    Path m = model();
    for (String[] args : List.of(new String[] {"hash", m.toString()}, new String[] {"sign", "key",
        "--private-key", KEYS.resolve("p384-sec1.pem").toString(), m.toString()})) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(args, new Io(new PrintWriter(out, true), new PrintWriter(err, true),
          false, true, Map.of()));
      assertThat(code).as(err.toString()).isZero();
      assertThat(err.toString()).startsWith("\r\u001b[K[1/3] ").endsWith("\r\u001b[K");
      assertThat(out.toString()).doesNotContain("\u001b");
      assertThat(run(args).err()).doesNotContain("\u001b");
    }
  }

  @Test
  void hashTextAndJson() throws IOException {
    Path m = model();
    Run text = run("hash", m.toString());
    assertThat(text.code()).isZero();
    String[] lines = text.out().split("\n");
    assertThat(lines[0]).endsWith("  tokenizer/vocab.txt");
    assertThat(lines[1]).endsWith("  tokenizer.json");
    assertThat(lines[3]).contains("root digest");
    Run json = run("hash", "--format", "json", "--shard-size", "1000", m.toString());
    assertThat(json.code()).isZero();
    assertThat(json.out()).contains("\"weights.bin:2000:3000\"").contains("\"sha256-sharded-1000\"");
  }

  @Test
  void hashReproducesTheReferenceRootDigest() {
    Run r = run("hash", "--ignore-paths", VEC.resolve("v1.1.0-elliptic-key/ignore-me").toString(),
        VEC.resolve("v1.1.0-elliptic-key").toString());
    assertThat(r.out()).contains("92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4  v1.1.0-elliptic-key");
  }

  @Test
  void signThenVerifyKey() throws IOException {
    Path m = model();
    Run s = run("sign", "key", "--private-key", KEYS.resolve("p384-sec1.pem").toString(), m.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(m.resolve("model.sig")).exists();
    Run v = run("verify", "key", "--public-key", KEYS.resolve("p384-pub.pem").toString(), m.toString());
    assertThat(v.code()).as(v.err()).isZero();
    assertThat(v.out()).contains("Verification succeeded");

    Files.writeString(m.resolve("tokenizer.json"), "{\"x\":1}");
    Run bad = run("verify", "key", "--public-key", KEYS.resolve("p384-pub.pem").toString(), m.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("changed: tokenizer.json");

    Run wrong = run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(), m.toString());
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("key mismatch");
  }

  @Test
  void extraAndMissingFilesExitOne() throws IOException {
    Path m = model();
    Path sig = tmp.resolve("out.sig");
    assertThat(run("sign", "key", "--private-key", KEYS.resolve("p256-pkcs8.pem").toString(),
        "--signature", sig.toString(), m.toString()).code()).isZero();
    Files.writeString(m.resolve("extra.py"), "print(1)");
    Run extra = run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(),
        "--signature", sig.toString(), m.toString());
    assertThat(extra.code()).isEqualTo(1);
    assertThat(extra.err()).contains("not signed: extra.py");
    Run unsigned = run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(),
        "--signature", sig.toString(), "--ignore-unsigned-files", m.toString());
    assertThat(unsigned.code()).as(unsigned.err()).isZero();
    Files.delete(m.resolve("weights.bin"));
    Run missing = run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(),
        "--signature", sig.toString(), "--ignore-paths", m.resolve("extra.py").toString(), m.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("missing: weights.bin").doesNotContain("extra.py");
  }

  @Test
  void corruptedBundleExitsOne() throws IOException {
    Path m = model();
    Files.writeString(m.resolve("model.sig"), "{\"mediaType\": 42}");
    Run r = run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(), m.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("mediaType");
  }

  @Test
  void certificateSignAndVerify() throws IOException {
    Path m = model();
    Run s = run("sign", "certificate", "--private-key", KEYS.resolve("leaf-key.pem").toString(),
        "--signing-certificate", KEYS.resolve("leaf-cert.pem").toString(),
        "--certificate-chain", KEYS.resolve("int-cert.pem").toString(), m.toString());
    assertThat(s.code()).as(s.err()).isZero();
    Run v = run("verify", "certificate", "--certificate-chain", KEYS.resolve("ca-cert.pem").toString(), m.toString());
    assertThat(v.code()).as(v.err()).isZero();
    Run other = run("verify", "certificate", "--certificate-chain", KEYS.resolve("other-ca-cert.pem").toString(),
        m.toString());
    assertThat(other.code()).isEqualTo(1);
    assertThat(other.err()).contains("not trusted");
  }

  @Test
  void upstreamVectorsVerifyFromTheCommandLine() throws IOException {
    Path keys = VEC.resolve("keys/certificate");
    Path v = copy(VEC.resolve("v1.0.1-elliptic-key"), tmp.resolve("v"));
    Run k = run("verify", "key", "--public_key", keys.resolve("signing-key-pub.pem").toString(),
        "--ignore-paths", v.resolve("ignore-me").toString(), v.toString());
    assertThat(k.code()).as(k.err()).isZero();
    Run noIgnore = run("verify", "key", "--public_key", keys.resolve("signing-key-pub.pem").toString(), v.toString());
    assertThat(noIgnore.code()).isEqualTo(1);
    assertThat(noIgnore.err()).contains("not signed: ignore-me");
    Run c = run("verify", "certificate", "--certificate_chain", keys.resolve("ca-cert.pem").toString(),
        VEC.resolve("v0.2.0-certificate").toString());
    assertThat(c.code()).as(c.err()).isZero();
    Run s = run("verify", "sigstore", "--identity", "stefanb@us.ibm.com",
        "--identity_provider", "https://sigstore.verify.ibm.com/oauth2", "--trust-root", FIX.resolve("trusted_root.json").toString(),
        VEC.resolve("v1.1.0-sigstore").toString());
    assertThat(s.code()).as(s.err()).isZero();
    Run wrongId = run("verify", "sigstore", "--identity", "someone@example.com",
        "--identity-provider", "https://sigstore.verify.ibm.com/oauth2", "--trust-root", FIX.resolve("trusted_root.json").toString(),
        VEC.resolve("v1.1.0-sigstore").toString());
    assertThat(wrongId.code()).isEqualTo(1);
    assertThat(wrongId.err()).contains("identity mismatch");
  }

  @Test
  void usageErrorsExitTwo() throws IOException {
    Path m = model();
    assertThat(run("verify", "key", m.toString()).code()).isEqualTo(2); // no --public-key
    assertThat(run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(),
        tmp.resolve("nope").toString()).code()).isEqualTo(2);
    assertThat(run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(), m.toString()).err())
        .contains("no such signature file");
    assertThat(run("verify", "key", "--public-key", KEYS.resolve("p256-pub.pem").toString(), m.toString()).code())
        .isEqualTo(2);
    assertThat(run("sign", "key", "--private-key", KEYS.resolve("p256-pub.pem").toString(), m.toString()).code())
        .isEqualTo(2);
    assertThat(run("verify", "bogus", m.toString()).code()).isEqualTo(2);
    assertThat(run("hash", "--shard-size", "0", m.toString()).code()).isEqualTo(2);
  }
}
