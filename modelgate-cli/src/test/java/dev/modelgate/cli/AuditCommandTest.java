package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code modelgate audit}: exit codes 0/1/2, --fail-on, the three formats, --output. */
class AuditCommandTest {
  @TempDir
  Path dir;

  static MainTest.Run run(String... args) {
    return MainTest.run(args);
  }

  @Test
  void cleanFileExitsZero() throws Exception {
    Path f = dir.resolve("ok.py");
    Files.writeString(f, "import json\nprint(json.loads('{}'))\n");
    MainTest.Run r = run("audit", f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("0 findings");
  }

  @Test
  void findingsExitOneAndFailOnRaisesTheBar() throws Exception {
    Path f = dir.resolve("bad.py");
    Files.writeString(f, "import torch\ntorch.load('x.pt')\n");
    assertThat(run("audit", f.toString()).code()).isEqualTo(1);
    assertThat(run("audit", "--fail-on", "critical", f.toString()).code()).isZero();
    assertThat(run("audit", "--fail-on", "HIGH", f.toString()).code()).isEqualTo(1);
  }

  @Test
  void jsonAndSarifGoToOutputFile() throws Exception {
    Path f = dir.resolve("bad.py");
    Files.writeString(f, "import pickle\npickle.loads(b'')\n");
    Path out = dir.resolve("report.json");
    MainTest.Run r = run("audit", "--format", "json", "--output", out.toString(), f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(out));
    assertThat(doc.get("schema")).isEqualTo("modelgate.audit/v1");
    MainTest.Run s = run("audit", "--format", "sarif", f.toString());
    Map<?, ?> sarif = (Map<?, ?>) Json.parse(s.out());
    assertThat(sarif.get("version")).isEqualTo("2.1.0");
    assertThat((List<?>) ((Map<?, ?>) ((List<?>) sarif.get("runs")).get(0)).get("results"))
        .hasSize(1);
  }

  @Test
  void usageAndMissingPathsExitTwoWithOneLine() {
    MainTest.Run missing = run("audit", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or directory").doesNotContain("\tat ");
    assertThat(run("audit", "--fail-on", "loud", dir.toString()).code()).isEqualTo(2);
    assertThat(run("audit").code()).isEqualTo(2);
    Path notOsv = dir.resolve("all.zip");
    assertThat(run("audit", "--osv", notOsv.toString(), dir.toString()).code()).isEqualTo(2);
  }
}
