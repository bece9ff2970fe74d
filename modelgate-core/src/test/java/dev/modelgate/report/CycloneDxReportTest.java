package dev.modelgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.json.Json;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Suppression;
import dev.modelgate.rules.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

/** The ML-BOM validates against the CycloneDX 1.6 schema and says what the scan found. */
class CycloneDxReportTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  static Map<?, ?> valid(String bom) throws Exception {
    assertThat(new JsonParser().validate(bom.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
        .as("CycloneDX 1.6 schema errors").isEmpty();
    return (Map<?, ?>) Json.parse(bom);
  }

  @Test
  void theExamplesAsAnMlBom() throws Exception {
    ScanReport r = new Scanner(ScanOptions.defaults()).scan(List.of(
        EXAMPLES.resolve("clean/tiny-cnn.pt"), EXAMPLES.resolve("malicious")));
    Map<?, ?> bom = valid(CycloneDxReport.render(r));
    assertThat(bom.get("bomFormat")).isEqualTo("CycloneDX");
    assertThat(bom.get("specVersion")).isEqualTo("1.6");
    assertThat((String) bom.get("serialNumber")).startsWith("urn:uuid:");
    List<?> components = (List<?>) bom.get("components");
    assertThat(components).hasSize(r.files()).hasSize(3);
    Map<?, ?> first = (Map<?, ?>) components.get(0);
    assertThat(first.get("type")).isEqualTo("machine-learning-model");
    assertThat(first.get("name")).isEqualTo("tiny-cnn.pt");
    Map<?, ?> hash = (Map<?, ?>) ((List<?>) first.get("hashes")).get(0);
    assertThat(hash.get("alg")).isEqualTo("SHA-256");
    assertThat(hash.get("content")).isEqualTo(r.judgedFiles().get(0).sha256());
    assertThat(first.get("properties").toString()).contains("modelgate:verdict")
        .contains("pytorch-zip");
    List<?> vulns = (List<?>) bom.get("vulnerabilities");
    assertThat(vulns).hasSize(2);
    Map<?, ?> v = (Map<?, ?>) vulns.get(0);
    assertThat(v.get("id")).isEqualTo("pickle.dangerous-call");
    assertThat(((Map<?, ?>) ((List<?>) v.get("ratings")).get(0)).get("severity"))
        .isEqualTo("critical");
    assertThat(((Map<?, ?>) ((List<?>) v.get("affects")).get(0)).get("ref"))
        .isEqualTo(r.judgedFiles().get(1).path());
  }

  @Test
  void membersNestAndSuppressionsCarryTheirReason() throws Exception {
    Finding f = new Finding("pickle.dangerous-call", Verdict.MALICIOUS, "calls os.system",
        "@3", "os.system('x')").suppress(new Suppression("reviewed", ".modelgateignore:2",
            LocalDate.of(2030, 1, 1)));
    ScanReport r = new ScanReport(List.of(
        new ScanResult("bundle.zip", "zip", 100, "b".repeat(64), Verdict.CLEAN, List.of(), true),
        new ScanResult("bundle.zip!/a.pkl", "pickle", 10, null, Verdict.CLEAN, List.of(f), false),
        new ScanResult("notes.txt", "unknown", 4, null, Verdict.CLEAN, List.of(), true)));
    String bom = CycloneDxReport.render(r, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        Instant.parse("2026-06-01T10:00:00.123Z"));
    Map<?, ?> doc = valid(bom);
    List<?> components = (List<?>) doc.get("components");
    assertThat(components).hasSize(2);
    Map<?, ?> zip = (Map<?, ?>) components.get(0);
    assertThat(zip.get("type")).isEqualTo("file");
    Map<?, ?> member = (Map<?, ?>) ((List<?>) zip.get("components")).get(0);
    assertThat(member.get("bom-ref")).isEqualTo("bundle.zip!/a.pkl");
    assertThat(member.get("type")).isEqualTo("machine-learning-model");
    Map<?, ?> analysis = (Map<?, ?>) ((Map<?, ?>) ((List<?>) doc.get("vulnerabilities")).get(0))
        .get("analysis");
    assertThat(analysis.get("state")).isEqualTo("not_affected");
    assertThat((String) analysis.get("detail")).contains("reviewed").contains("2030-01-01");
    assertThat(((Map<?, ?>) doc.get("metadata")).get("timestamp"))
        .isEqualTo("2026-06-01T10:00:00Z");
    // the same input gives the same bytes
    assertThat(CycloneDxReport.render(r, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        Instant.parse("2026-06-01T10:00:00Z"))).isEqualTo(bom);
  }

  @Test
  void anEmptyScanIsAValidBom() throws Exception {
    Map<?, ?> doc = valid(CycloneDxReport.render(new ScanReport(List.of())));
    assertThat((List<?>) doc.get("components")).isEmpty();
    assertThat(doc.containsKey("vulnerabilities")).isFalse();
  }
}
