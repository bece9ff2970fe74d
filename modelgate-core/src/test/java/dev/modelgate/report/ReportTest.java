package dev.modelgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.json.Json;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final ScanReport REPORT = new ScanReport(List.of(
      new ScanResult("models/evil.pt", "pytorch-zip", 1234, "ab".repeat(32), Verdict.MALICIOUS,
          List.of(new Finding("pickle.dangerous-call", Verdict.MALICIOUS,
              "calls os.system at load time", "archive/data.pkl@57", "os.system('touch /tmp/x')")),
          true),
      new ScanResult("a b.tar", "tar", 10, null, Verdict.INVALID, List.of(), true),
      new ScanResult("a b.tar!/x.pkl", "pickle", 5, null, Verdict.INVALID,
          List.of(new Finding("pickle.truncated", Verdict.INVALID, "cut", "@4", "")), false)));

  @Test
  void jsonFollowsTheContract() throws Exception {
    Map<?, ?> doc = (Map<?, ?>) Json.parse(JsonReport.render(REPORT));
    assertThat(List.copyOf(doc.keySet())).isEqualTo(List.of("schema", "tool", "results", "summary"));
    assertThat(doc.get("schema")).isEqualTo("modelgate.scan/v1");
    assertThat(doc.get("tool")).isEqualTo(Map.of("name", "modelgate", "version", "0.1.0"));
    assertThat(JsonReport.render(REPORT)).contains("\"name\": \"modelgate\",\n    \"version\"");
    Map<?, ?> first = (Map<?, ?>) ((List<?>) doc.get("results")).get(0);
    assertThat(List.copyOf(first.keySet()))
        .isEqualTo(List.of("path", "format", "size", "sha256", "verdict", "findings"));
    assertThat(first.get("size")).isEqualTo(1234L);
    Map<?, ?> f = (Map<?, ?>) ((List<?>) first.get("findings")).get(0);
    assertThat(f).isEqualTo(Map.of("rule", "pickle.dangerous-call", "severity", "critical",
        "message", "calls os.system at load time", "location", "archive/data.pkl@57",
        "evidence", "os.system('touch /tmp/x')"));
    assertThat(doc.get("summary")).isEqualTo(
        Map.of("files", 2L, "clean", 0L, "suspicious", 0L, "malicious", 1L, "invalid", 1L));
  }

  @Test
  void textIsOneLinePerFileWithIndentedFindingsAndASummary() {
    String text = TextReport.render(REPORT, false);
    assertThat(text.lines().toList()).containsExactly(
        "malicious  models/evil.pt  (pytorch-zip)",
        "    critical  pickle.dangerous-call: calls os.system at load time  [archive/data.pkl@57]",
        "        os.system('touch /tmp/x')",
        "invalid    a b.tar  (tar)",
        "invalid    a b.tar!/x.pkl  (pickle)",
        "    high  pickle.truncated: cut  [@4]",
        "2 files: 0 clean, 0 suspicious, 1 malicious, 1 invalid");
    assertThat(TextReport.render(REPORT, true)).contains("\u001b[1;31m");
  }
}
