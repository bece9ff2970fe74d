package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.cli.args.Io;
import dev.modelgate.hub.LocalHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan / hash / verify of hf://ORG/REPO[@REVISION] against the core's Hub-shaped test server. */
class HubCommandsTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final Path KEYS = IntegrityCommandsTest.KEYS;

  @TempDir
  Path tmp;

  LocalHub hub;

  @BeforeEach
  void start() throws IOException {
    hub = new LocalHub();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  MainTest.Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString());
    int code = Main.run(args, new Io(new PrintWriter(out, true), new PrintWriter(err, true),
        false, false, env));
    return new MainTest.Run(code, out.toString(), err.toString());
  }

  static Map<String, byte[]> examples() throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    m.put("pytorch_model.bin", Files.readAllBytes(EXAMPLES.resolve("clean/tiny-cnn.pt")));
    m.put("extra/evil.pkl", Files.readAllBytes(EXAMPLES.resolve("malicious/innocent-looking.pkl")));
    return m;
  }

  @Test
  void scanNamesMembersByCommitAndFindsTheMaliciousOne() throws IOException {
    hub.repo("org/model", examples());
    MainTest.Run r = run("scan", "--format", "json", "hf://org/model@main");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("hf://org/model@" + LocalHub.COMMIT + "/extra/evil.pkl")
        .contains("\"malicious\"");
    MainTest.Run clean = run("scan", "hf://org/model", EXAMPLES.resolve("clean").toString(),
        "--fail-on", "malicious");
    assertThat(clean.code()).as(clean.err()).isEqualTo(1);
  }

  @Test
  void aCleanRepoExitsZeroAndTheTempFolderIsGone() throws IOException {
    hub.repo("org/clean", Map.of("pytorch_model.bin",
        Files.readAllBytes(EXAMPLES.resolve("clean/tiny-cnn.pt"))));
    MainTest.Run r = run("scan", "-v", "hf://org/clean");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("hf://org/clean@" + LocalHub.COMMIT + "/pytorch_model.bin");
  }

  @Test
  void badNamesAndMissingReposAreErrorsNotFindings() throws IOException {
    assertThat(run("scan", "hf://only-one-part").code()).isEqualTo(2);
    MainTest.Run missing = run("scan", "hf://org/absent");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("modelgate: ").doesNotContain("\tat ");
    hub.repo("org/model", examples());
    assertThat(run("scan", "--hf-max-bytes", "0", "hf://org/model").code()).isEqualTo(2);
    MainTest.Run tooBig = run("scan", "--hf-max-bytes", "100", "hf://org/model");
    assertThat(tooBig.code()).as(tooBig.out()).isEqualTo(2);
  }

  @Test
  void hashOfARepoIsTheHashOfTheSameFilesOnDisk() throws IOException {
    Map<String, byte[]> files = examples();
    hub.repo("org/model", files);
    Path local = tmp.resolve("local");
    for (var e : files.entrySet()) {
      Files.createDirectories(local.resolve(e.getKey()).getParent());
      Files.write(local.resolve(e.getKey()), e.getValue());
    }
    MainTest.Run remote = run("hash", "--format", "json", "hf://org/model");
    MainTest.Run here = run("hash", "--format", "json", local.toString());
    assertThat(remote.code()).as(remote.err()).isZero();
    assertThat(here.code()).isZero();
    assertThat(digests(remote.out())).isEqualTo(digests(here.out())).isNotEmpty();
  }

  /** The lines of a hash report that carry digests (the model's name differs). */
  static String digests(String json) {
    return json.lines().filter(l -> l.contains("\"digest\"") || l.contains("\"sha256\""))
        .reduce("", (x, y) -> x + y.strip() + "\n");
  }

  @Test
  void verifyOfARepoUsesItsModelSig() throws IOException {
    Map<String, byte[]> files = examples();
    Path local = tmp.resolve("signed");
    for (var e : files.entrySet()) {
      Files.createDirectories(local.resolve(e.getKey()).getParent());
      Files.write(local.resolve(e.getKey()), e.getValue());
    }
    MainTest.Run s = run("sign", "key", "--private-key", KEYS.resolve("p384-sec1.pem").toString(),
        local.toString());
    assertThat(s.code()).as(s.err()).isZero();
    hub.repo("org/signed", LocalHub.folder(local));
    MainTest.Run ok = run("verify", "key", "--public-key", KEYS.resolve("p384-pub.pem").toString(),
        "hf://org/signed");
    assertThat(ok.code()).as(ok.err()).isZero();
    MainTest.Run wrong = run("verify", "key", "--public-key",
        KEYS.resolve("p256-pub.pem").toString(), "hf://org/signed");
    assertThat(wrong.code()).isEqualTo(1);
    hub.repo("org/unsigned", files);
    MainTest.Run unsigned = run("verify", "key", "--public-key",
        KEYS.resolve("p384-pub.pem").toString(), "hf://org/unsigned");
    assertThat(unsigned.code()).isEqualTo(2);
    assertThat(unsigned.err()).startsWith("modelgate: hf://org/unsigned@" + LocalHub.COMMIT)
        .contains("no model.sig").doesNotContain("modelgate-hf-");
    files.put("extra/evil.pkl", new byte[] {'.'});
    files.put("model.sig", Files.readAllBytes(local.resolve("model.sig")));
    hub.repo("org/tampered", files);
    assertThat(run("verify", "key", "--public-key", KEYS.resolve("p384-pub.pem").toString(),
        "hf://org/tampered").code()).isEqualTo(1);
  }
}
