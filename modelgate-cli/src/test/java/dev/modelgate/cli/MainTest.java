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
}
