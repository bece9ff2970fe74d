package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert and inspect: exit codes, messages and outputs per the command-line contract. */
class ConvertCommandTest {
  /** The core module's convert fixtures (written by scripts/fixtures/convert.py). */
  static final Path FIXTURES = Path.of("..", "modelgate-core", "src", "test", "resources",
      "fixtures", "convert");

  @TempDir
  Path dir;

  @Test
  void convertsBesideTheInputByDefault() throws Exception {
    Path in = dir.resolve("weights.pt");
    Files.copy(FIXTURES.resolve("views.pt"), in);
    MainTest.Run r = MainTest.run("convert", in.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(dir.resolve("weights.safetensors")).exists();
    assertThat(r.out().strip()).isEqualTo(dir.resolve("weights.safetensors").toString());
    assertThat(r.err()).contains("10 tensors");
    // again: the output exists, so usage error without --force
    MainTest.Run again = MainTest.run("convert", in.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already exists").contains("--force");
    assertThat(MainTest.run("convert", "--force", in.toString()).code()).isZero();
  }

  /** On a terminal, convert shows which tensor it is writing, and clears the line at the end. */
  @Test
  void progressOnATerminal() throws Exception {
    Path in = dir.resolve("weights.pt");
    Files.copy(FIXTURES.resolve("views.pt"), in);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.run(new String[] {"convert", in.toString()}, new dev.modelgate.cli.args.Io(
        new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), false, true,
        Map.of()));
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).startsWith("\r\u001b[K[1/").contains("\r\u001b[K")
        .contains("10 tensors");
    assertThat(out.toString()).doesNotContain("\u001b");
  }

  @Test
  void refusesMaliciousInputWithFindingsAndNoOutput() {
    Path out = dir.resolve("m.safetensors");
    MainTest.Run r = MainTest.run("convert", FIXTURES.resolve("malicious.pt").toString(),
        out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("pickle.dangerous-call").contains("os.system")
        .contains("refused");
    // the refusal names the real reason, and does not offer --allow for a dangerous call
    assertThat(r.err().lines().filter(l -> l.startsWith("modelgate: refused")).findFirst()
        .orElseThrow()).contains("it is malicious (pickle.dangerous-call").doesNotContain("--allow");
    assertThat(out).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void allowAdmitsAnUnlistedGlobal() {
    Path out = dir.resolve("s.safetensors");
    String in = FIXTURES.resolve("suspicious.pt").toString();
    MainTest.Run refused = MainTest.run("convert", in, out.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("it is suspicious (").contains("--allow MODULE.NAME");
    assertThat(MainTest.run("convert", "--allow", "mypkg.helpers.Scaler", in, out.toString())
        .code()).isZero();
    assertThat(out).exists();
  }

  @Test
  void missingInputIsAUsageError() {
    MainTest.Run r = MainTest.run("convert", dir.resolve("nope.pt").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such file").doesNotContain("\tat ");
  }

  @Test
  void convertsAShardedFolder() throws Exception {
    MainTest.Run r = MainTest.run("convert", FIXTURES.resolve("hf_sharded").toString(),
        dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
          "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
          "model.safetensors.index.json");
    }
  }

  @Test
  void inspectListsTensorsAsJson() throws Exception {
    MainTest.Run r = MainTest.run("inspect", "--format", "json",
        FIXTURES.resolve("all_dtypes.pt").toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<?, ?> doc = (Map<?, ?>) Json.parse(r.out());
    assertThat(doc.get("format")).isEqualTo("pytorch-zip");
    List<?> tensors = (List<?>) doc.get("tensors");
    assertThat(tensors).hasSize(18);
    Map<?, ?> bf16 = tensors.stream().map(t -> (Map<?, ?>) t)
        .filter(t -> t.get("name").equals("BF16")).findFirst().orElseThrow();
    assertThat(bf16.get("dtype")).isEqualTo("BF16");
    assertThat(bf16.get("shape")).isEqualTo(List.of(6L));
    assertThat(bf16.get("bytes")).isEqualTo(12L);
  }

  @Test
  void inspectReadsSafetensorsAndGguf() {
    MainTest.Run r = MainTest.run("inspect", Path.of("..", "modelgate-core", "src", "test",
        "resources", "fixtures", "gguf", "clean_handmade.gguf").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("(gguf,");
  }

  @Test
  void inspectRefusesWhatIsNotClean() {
    MainTest.Run r = MainTest.run("inspect", FIXTURES.resolve("malicious.pt").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("pickle.dangerous-call").contains("not listed");
    assertThat(r.out()).isEmpty();
  }
}
