package dev.modelgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.audit.report.JsonAuditReport;
import dev.modelgate.audit.report.SarifAuditReport;
import dev.modelgate.audit.report.TextAuditReport;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.json.Json;
import dev.modelgate.rules.Severity;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole audit on the bundled example project, a virtualenv fixture and model folders. */
class AuditTest {
  static final Path EXAMPLE = Path.of("../examples/audit");

  static AuditReport audit(Path... paths) throws Exception {
    return new Audit(AuditOptions.defaults().withThreads(2)).run(List.of(paths));
  }

  static List<String> ids(AuditReport r) {
    return r.findings().stream().filter(f -> !f.suppressed())
        .map(f -> Path.of(f.path()).getFileName() + ":" + f.line() + " " + f.rule()).toList();
  }

  @Test
  void exampleProjectShowsEveryKindOfFinding() throws Exception {
    AuditReport r = audit(EXAMPLE);
    assertThat(ids(r)).contains("serve.py:21 py.deserialize-untrusted-input",
        "serve.py:27 py.deserialize-untrusted-input", "serve.py:32 py.exec-model-output",
        "serve.py:38 py.jinja-unsandboxed", "serve.py:42 py.torch-load",
        "serve.py:16 py.exposed-service", "serve.py:11 py.trust-remote-code",
        "train.py:6 py.yaml-load", "train.py:8 py.numpy-allow-pickle",
        "modeling_tiny.py:1 model.remote-code", "modeling_tiny.py:9 model.remote-code",
        "requirements.txt:2 dep.vulnerable", "requirements.txt:4 dep.vulnerable",
        "requirements-dev.txt:1 dep.vulnerable", "pyproject.toml:5 dep.vulnerable-range",
        "pyproject.toml:10 dep.vulnerable");
    // each requirements file is read once, though one includes the other
    assertThat(ids(r)).filteredOn(s -> s.equals("requirements-dev.txt:1 dep.vulnerable"))
        .hasSize(1);
    assertThat(r.suppressed()).isEqualTo(1);
    assertThat(r.models()).singleElement().satisfies(m ->
        assertThat(m.path()).endsWith("tiny-remote/model.safetensors"));
    assertThat(r.hasFindingsAtOrAbove(Severity.CRITICAL)).isTrue();
    assertThat(TextAuditReport.render(r, false))
        .contains("examples/audit/app/serve.py:42:12  high      py.torch-load");
  }

  @Test
  void virtualenvIsAuditedThroughItsSitePackages() throws Exception {
    Path venv = Path.of(AuditTest.class.getResource("/deps/site").toURI());
    AuditReport r = audit(venv);
    assertThat(ids(r)).contains("METADATA:0 dep.vulnerable", "__init__.py:5 py.pickle-load");
    assertThat(r.natives()).extracting(v -> v.library() + " " + v.version())
        .contains("libpng 1.6.34", "zlib 1.2.11", "libwebp 1.3.1");
    assertThat(r.findings()).filteredOn(f -> f.rule().equals("native.vulnerable"))
        .extracting(f -> f.details().get("advisories"))
        .containsExactlyInAnyOrder("CVE-2019-7317", "CVE-2018-25032", "CVE-2022-37434",
            "CVE-2023-4863");
  }

  @Test
  void patchedVendoredLibrariesAreListedNotReported(@TempDir Path tmp) throws Exception {
    Path libs = tmp.resolve("lib/python3.11/site-packages/pillow.libs");
    Files.createDirectories(libs);
    Files.writeString(tmp.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    // libwebp .so.7.1.8 is 1.3.2, the release that fixed CVE-2023-4863
    Files.write(libs.resolve("libwebp-0a1b2c3d.so.7.1.8"), new byte[] {0x7f, 'E', 'L', 'F'});
    AuditReport r = audit(tmp);
    assertThat(r.natives()).extracting(v -> v.library() + " " + v.version())
        .containsExactly("libwebp 1.3.2");
    assertThat(r.findings()).noneMatch(f -> f.rule().equals("native.vulnerable"));
  }

  @Test
  void cleanModelFileInAModelFolderIsNoFinding(@TempDir Path tmp) throws Exception {
    Path folder = modelFolder(tmp);
    Files.copy(Path.of("..", "examples", "audit", "models", "tiny-remote", "model.safetensors"),
        folder.resolve("model.safetensors"));
    AuditReport r = audit(folder);
    assertThat(r.models()).hasSize(1);
    assertThat(r.findings()).noneMatch(f -> f.rule().equals("model.file"));
  }

  @Test
  void maliciousModelFileInAModelFolderIsAFinding(@TempDir Path tmp) throws Exception {
    Path folder = modelFolder(tmp);
    // protocol 2 pickle calling os.system('x'): GLOBAL 'posix system', a string, TUPLE1, REDUCE
    byte[] pkl = {(byte) 0x80, 2, 'c', 'p', 'o', 's', 'i', 'x', '\n', 's', 'y', 's', 't', 'e',
        'm', '\n', 'X', 1, 0, 0, 0, 'x', (byte) 0x85, 'R', '.'};
    Files.write(folder.resolve("pytorch_model.bin"), pkl);
    AuditReport r = audit(folder);
    assertThat(r.findings()).filteredOn(f -> f.rule().equals("model.file")).singleElement()
        .satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(f.details().get("verdict")).isEqualTo("malicious");
        });
  }

  /** A folder the audit takes for a model folder: a config.json, weights to be added. */
  private static Path modelFolder(Path tmp) throws java.io.IOException {
    Path folder = tmp.resolve("model");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.json"), "{}");
    return folder;
  }

  @Test
  void missingPathIsAnErrorNotAFinding() {
    assertThatThrownBy(() -> audit(Path.of("no/such/project")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void jsonDocumentFollowsTheSchema() throws Exception {
    Map<?, ?> doc = (Map<?, ?>) Json.parse(JsonAuditReport.render(audit(EXAMPLE)));
    assertThat(doc.get("schema")).isEqualTo("modelgate.audit/v1");
    assertThat(new java.util.ArrayList<Object>(doc.keySet())).containsExactly("schema", "tool",
        "advisories", "findings",
        "models", "natives", "summary");
    Map<?, ?> f = (Map<?, ?>) ((List<?>) doc.get("findings")).get(0);
    assertThat(new java.util.ArrayList<Object>(f.keySet())).containsExactly("rule", "severity",
        "message", "path", "line",
        "column", "endLine", "endColumn", "evidence", "fix", "suppressed", "suppression",
        "details");
    Map<?, ?> summary = (Map<?, ?>) doc.get("summary");
    assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) summary.get("findings")).keySet()))
        .containsExactly("critical", "high", "medium", "info");
  }

  @Test
  void sarifIsValidAgainstTheSarif210SchemaAndPointsAtLines() throws Exception {
    String sarif = SarifAuditReport.render(audit(EXAMPLE));
    var factory = com.networknt.schema.JsonSchemaFactory.getInstance(
        com.networknt.schema.SpecVersion.VersionFlag.V7);
    com.networknt.schema.JsonSchema schema;
    try (var in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertThat(in).isNotNull();
      schema = factory.getSchema(in);
    }
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(schema.validate(mapper.readTree(sarif))).isEmpty();
    assertThat(schema.validate(mapper.readTree("{\"version\": \"2.1.0\", \"runs\": [{}]}")))
        .isNotEmpty();
    Map<?, ?> run = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(sarif)).get("runs")).get(0);
    boolean found = false;
    for (Object o : (List<?>) run.get("results")) {
      Map<?, ?> res = (Map<?, ?>) o;
      Map<?, ?> phys = (Map<?, ?>) ((Map<?, ?>) ((List<?>) res.get("locations")).get(0))
          .get("physicalLocation");
      if (res.get("ruleId").equals("py.torch-load")) {
        assertThat(((Map<?, ?>) phys.get("artifactLocation")).get("uri"))
            .isEqualTo("../examples/audit/app/serve.py");
        Map<?, ?> region = (Map<?, ?>) phys.get("region");
        assertThat(region.get("startLine")).isEqualTo(42L);
        assertThat(region.get("startColumn")).isEqualTo(12L);
        found = true;
      }
      if (res.get("ruleId").equals("py.pickle-load")) {
        assertThat(res.get("suppressions")).isNotNull();
      }
    }
    assertThat(found).isTrue();
  }

  @Test
  void hostileNamesCannotDriveTheTerminal(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("evil\u001b[2J.py");
    Files.writeString(f, "import pickle\npickle.loads(b'\u001b]0;x\u0007')\n");
    String text = TextAuditReport.render(audit(f), false);
    assertThat(text).doesNotContain("\u001b").contains("\\u001b[2J.py:2:1");
    AuditFinding one = audit(f).findings().get(0);
    assertThat(one.rule()).isEqualTo("py.pickle-load");
  }
}
