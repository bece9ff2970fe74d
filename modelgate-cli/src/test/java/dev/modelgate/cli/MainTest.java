package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and output streams of the command-line contract. */
class MainTest {
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void cleanScanExitsZeroWithOneJsonDocument() throws Exception {
    Path f = dir.resolve("notes.txt");
    Files.writeString(f, "just text");
    Run r = run("scan", "--format", "json", f.toString());
    assertThat(r.code()).isZero();
    Map<?, ?> doc = (Map<?, ?>) Json.parse(r.out());
    assertThat(((Map<?, ?>) doc.get("summary")).get("clean")).isEqualTo(1L);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void findingsExitOne() throws Exception {
    Path f = dir.resolve("model.safetensors");
    Files.writeString(f, "not a model at all");
    assertThat(run("scan", f.toString()).code()).isEqualTo(1);
  }

  @Test
  void usageAndPathErrorsExitTwoWithoutStackTraces() {
    Run missing = run("scan", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file").doesNotContain("\tat ");
    assertThat(run("scan").code()).isEqualTo(2);
    assertThat(run("scan", "--format", "yaml", dir.toString()).code()).isEqualTo(2);
    assertThat(run("frobnicate").code()).isEqualTo(2);
    assertThat(run("scan", "--allow", "*", dir.toString()).code()).isEqualTo(2);
  }

  @Test
  void threadsChangeNothingButTheWorkersAndAreBounded() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    for (int i = 0; i < 12; i++) {
      Files.writeString(tree.resolve("f" + i + (i % 3 == 0 ? ".pkl" : ".txt")), "text " + i);
    }
    Run one = run("scan", "--format", "json", "--threads", "1", tree.toString());
    Run many = run("scan", "--format", "json", "--threads", "4", tree.toString());
    assertThat(one.code()).isEqualTo(1);
    assertThat(many.code()).isEqualTo(1);
    assertThat(many.out()).isEqualTo(one.out());
    for (String bad : List.of("0", "-1", "1025", "many")) {
      Run r = run("scan", "--threads", bad, tree.toString());
      assertThat(r.code()).as(bad).isEqualTo(2);
      assertThat(r.err()).doesNotContain("\tat ");
    }
  }

  @Test
  void writesSarifToAFile() throws Exception {
    Path f = dir.resolve("x.pkl");
    Files.writeString(f, "zzz");
    Path out = dir.resolve("report.sarif");
    Run r = run("scan", "--format", "sarif", "--output", out.toString(), f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(out));
    assertThat(doc.get("version")).isEqualTo("2.1.0");
    assertThat((List<?>) doc.get("runs")).hasSize(1);
  }

  @Test
  void sarifRootMakesFileUrisRelativeToIt() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo/models"));
    Path f = Files.writeString(repo.resolve("x.pkl"), "zzz");
    Run r = run("scan", "--format", "sarif", "--sarif-root", dir.resolve("repo").toString(),
        f.toString());
    assertThat(r.code()).isEqualTo(1);
    Map<?, ?> run = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(r.out())).get("runs")).get(0);
    Map<?, ?> result = (Map<?, ?>) ((List<?>) run.get("results")).get(0);
    Map<?, ?> loc = (Map<?, ?>) ((List<?>) result.get("locations")).get(0);
    assertThat(((Map<?, ?>) loc.get("physicalLocation")).get("artifactLocation"))
        .isEqualTo(Map.of("uri", "models/x.pkl", "uriBaseId", "%SRCROOT%"));
    assertThat(r.out()).contains("\"uri\": \"" + dir.resolve("repo").toUri());
  }

  @Test
  void sarifRootIsAUsageErrorWithoutSarifOrWithoutAFolder() throws Exception {
    Path f = Files.writeString(dir.resolve("x.pkl"), "zzz");
    Run text = run("scan", "--sarif-root", dir.toString(), f.toString());
    assertThat(text.code()).isEqualTo(2);
    assertThat(text.err()).contains("--sarif-root applies to --format sarif only");
    Run missing = run("scan", "--format", "sarif", "--sarif-root", dir.resolve("nope").toString(),
        f.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("not a directory").doesNotContain("\tat ");
  }

  @Test
  void unknownCommandsAreUsageErrorsEvenWithHelp() {
    Run r = run("no-such-command", "--help");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Unknown command 'no-such-command'").contains("modelgate --help");
    assertThat(run("scan", "--no-such-option", dir.toString()).code()).isEqualTo(2);
  }

  @Test
  void versionAndHelpOnEveryCommand() {
    Run v = run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).isEqualTo(dev.modelgate.ModelGate.NAME + " "
        + dev.modelgate.ModelGate.VERSION + "\n");
    assertThat(run("-V").out()).isEqualTo(v.out());
    for (String[] c : new String[][] {{"scan"}, {"convert"}, {"inspect"}, {"hash"}, {"sign", "key"},
        {"sign", "certificate"}, {"verify", "key"}, {"verify", "certificate"},
        {"verify", "sigstore"}}) {
      String[] argv = java.util.Arrays.copyOf(c, c.length + 1);
      argv[c.length] = "--help";
      Run h = run(argv);
      assertThat(h.code()).as(String.join(" ", c)).isZero();
      assertThat(h.out()).startsWith("Usage: modelgate " + String.join(" ", c));
    }
    Run group = run("sign");
    assertThat(group.code()).isEqualTo(2);
    assertThat(group.err()).contains("key").contains("certificate");
  }

  @Test
  void everyOptionHasHelpText() {
    assertThat(run("sign", "certificate", "--help").out())
        .contains("--private-key, --private_key=KEY.pem").contains("EC private key")
        .contains("--signing-certificate, --signing_certificate=CERT.pem");
    assertThat(run("verify", "key", "--help").out()).contains("public key (PEM)");
  }

  /** The bundled examples: one clean checkpoint, two malicious files. */
  static final Path EXAMPLES = Path.of("..", "examples");

  Path models() throws Exception {
    Path m = dir.resolve("models");
    for (String f : List.of("clean/tiny-cnn.pt", "malicious/innocent-looking.pkl",
        "malicious/tiny-cnn-backdoored.pt")) {
      Files.createDirectories(m.resolve(f).getParent());
      Files.copy(EXAMPLES.resolve(f), m.resolve(f));
    }
    return m;
  }

  @Test
  void ignoreFilesBesideTheScannedPathSuppressWithReasons() throws Exception {
    Path m = models();
    Files.writeString(dir.resolve(".modelgateignore"),
        "models/malicious/* rule=pickle.dangerous-call reason=\"demo files, never loaded\"\n");
    Run r = run("scan", "--format", "json", m.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<?, ?> doc = (Map<?, ?>) Json.parse(r.out());
    assertThat(((Map<?, ?>) doc.get("summary")).get("suppressed")).isEqualTo(2L);
    assertThat(((Map<?, ?>) doc.get("summary")).get("files")).isEqualTo(3L);
    assertThat(run("scan", "--no-ignore-files", m.toString()).code()).isEqualTo(1);
    Path other = dir.resolve("other.ignore");
    Files.writeString(other, "rule=pickle.dangerous-call\n");
    Run bad = run("scan", "--ignore-file", other.toString(), m.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("other.ignore:1: an entry needs a reason");
  }

  @Test
  void baselineReportsOnlyNewFindings() throws Exception {
    Path m = models();
    Path base = dir.resolve("previous.json");
    assertThat(run("scan", "--format", "json", "-o", base.toString(), m.toString()).code())
        .isEqualTo(1);
    Run same = run("scan", "--baseline", base.toString(), m.toString());
    assertThat(same.code()).as(same.out()).isZero();
    assertThat(same.out()).contains("2 known from the baseline");
    // a pickle of its own: GLOBAL os.system, 'id', REDUCE
    Path added = m.resolve("new.pkl");
    Files.write(added, new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e',
        'm', '\n', 'X', 2, 0, 0, 0, 'i', 'd', (byte) 0x85, 'R', '.'});
    Run more = run("scan", "--baseline", base.toString(), m.toString());
    assertThat(more.code()).isEqualTo(1);
    assertThat(more.out()).contains("new.pkl").doesNotContain("tiny-cnn-backdoored");
  }

  @Test
  void failOnSetsTheVerdictThatFails() throws Exception {
    Path pkl = dir.resolve("weights.pkl");
    Files.writeString(pkl, "not a pickle");
    assertThat(run("scan", pkl.toString()).code()).isEqualTo(1);
    assertThat(run("scan", "--fail-on", "invalid", pkl.toString()).code()).isEqualTo(1);
    assertThat(run("scan", "--fail-on", "malicious", pkl.toString()).code()).isZero();
    assertThat(run("scan", "--fail-on=malicious", EXAMPLES.resolve("malicious").toString())
        .code()).isEqualTo(1);
    Path txt = dir.resolve("notes.txt");
    Files.writeString(txt, "text");
    assertThat(run("scan", txt.toString()).code()).isZero();
    assertThat(run("scan", "--fail-on", "clean", txt.toString()).code()).isEqualTo(1);
    assertThat(run("scan", "--fail-on", "bad", txt.toString()).code()).isEqualTo(2);
  }

  @Test
  void largeFolderScansListOnlyWhatIsNotCleanUnlessVerbose() throws Exception {
    Path m = models();
    Run quiet = run("scan", m.toString());
    assertThat(quiet.out()).doesNotContain("tiny-cnn.pt ").contains("innocent-looking.pkl")
        .endsWith("3 files: 1 clean, 0 suspicious, 2 malicious, 0 invalid\n");
    Run verbose = run("scan", "-v", m.toString());
    assertThat(verbose.out()).contains("clean/tiny-cnn.pt");
    Map<?, ?> summary = (Map<?, ?>) ((Map<?, ?>) Json.parse(run("scan", "--format", "json",
        m.toString()).out())).get("summary");
    assertThat(summary.get("files")).isEqualTo(3L);
    assertThat(summary.get("clean")).isEqualTo(1L);
    assertThat(summary.get("malicious")).isEqualTo(2L);
  }

  @Test
  void cyclonedxBomOnStdout() throws Exception {
    Run r = run("scan", "--format", "cyclonedx", EXAMPLES.resolve("malicious").toString());
    assertThat(r.code()).isEqualTo(1);
    Map<?, ?> bom = (Map<?, ?>) Json.parse(r.out());
    assertThat(bom.get("specVersion")).isEqualTo("1.6");
    assertThat((List<?>) bom.get("components")).hasSize(2);
  }

  /** A folder whose only problem is a link loop: the summary says why the exit code is 1. */
  @Test
  void findingsOnTheFolderItselfAreNamedInTheSummary() throws Exception {
    Path m = Files.createDirectory(dir.resolve("m"));
    Files.createSymbolicLink(m.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(m.resolve("b"), Path.of("a"));
    Run r = run("scan", m.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("fs.symlink-loop")
        .contains("0 files: 0 clean, 0 suspicious, 0 malicious, 0 invalid; 2 findings on the"
            + " folder itself");
  }
}
