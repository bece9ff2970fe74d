package dev.modelgate.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.json.Json;
import dev.modelgate.report.JsonReport;
import dev.modelgate.report.SarifReport;
import dev.modelgate.report.TextReport;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ignore entries with reasons, expiry, baselines, and verdicts recomputed from what counts. */
class TriageTest {
  static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
  static final String SHA = "a".repeat(64);

  @TempDir
  Path dir;

  static Finding evil(String loc) {
    return new Finding("pickle.dangerous-call", Verdict.MALICIOUS, "calls os.system", loc,
        "os.system('x')");
  }

  /** A folder with a malicious pickle, a zip holding a suspicious member, and a clean file. */
  ScanReport folder() {
    String m = dir.resolve("models").toString();
    return new ScanReport(List.of(
        new ScanResult(m, "directory", 30, null, Verdict.MALICIOUS, List.of(), true),
        new ScanResult(m + "!/legacy/old.pkl", "pickle", 10, SHA, Verdict.MALICIOUS,
            List.of(evil("@4")), false),
        new ScanResult(m + "!/pack.zip", "zip", 10, null, Verdict.SUSPICIOUS, List.of(), false),
        new ScanResult(m + "!/pack.zip!/a.joblib", "joblib", 5, null, Verdict.SUSPICIOUS,
            List.of(new Finding("joblib.unknown-global", Verdict.SUSPICIOUS, "sklearn", "@1",
                "sklearn.Pipeline")), false),
        new ScanResult(m + "!/ok.safetensors", "safetensors", 10, null, Verdict.CLEAN, List.of(),
            false)));
  }

  List<IgnoreEntry> entries(String text) throws IOException {
    Path f = dir.resolve(".modelgateignore");
    Files.writeString(f, text);
    return IgnoreFile.read(f);
  }

  @Test
  void pathGlobAndRuleSuppressAndVerdictsFollow() throws Exception {
    ScanReport r = Triage.apply(folder(), entries(
        "models/legacy/*.pkl rule=pickle.dangerous-call reason=\"reviewed in SEC-1\"\n"), null,
        TODAY);
    assertThat(r.results().get(1).verdict()).isEqualTo(Verdict.CLEAN);
    Finding f = r.results().get(1).findings().get(0);
    assertThat(f.suppressed()).isTrue();
    assertThat(f.suppression().reason()).isEqualTo("reviewed in SEC-1");
    assertThat(f.suppression().source()).endsWith(".modelgateignore:1");
    // the folder is now as bad as the zip's member, no worse
    assertThat(r.results().get(0).verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.worst()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.suppressed()).isEqualTo(1);
    assertThat(r.files()).isEqualTo(3);
  }

  @Test
  void aGlobalRuleEntryAndAContainerPathCoverMembers() throws Exception {
    ScanReport byRule = Triage.apply(folder(), entries(
        "rule=joblib.* reason=\"our own pipelines\"\n"), null, TODAY);
    assertThat(byRule.results().get(3).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(byRule.results().get(2).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(byRule.results().get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    ScanReport byContainer = Triage.apply(folder(), entries(
        "pack.zip reason=\"vendored\"\n"), null, TODAY);
    assertThat(byContainer.results().get(3).findings().get(0).suppressed()).isTrue();
    ScanReport other = Triage.apply(folder(), entries("other.zip reason=x\n"), null, TODAY);
    assertThat(other.suppressed()).isZero();
  }

  @Test
  void sha256EntriesMatchTheFileWherever() throws Exception {
    ScanReport r = Triage.apply(folder(), entries("sha256=" + SHA.toUpperCase()
        + " reason=\"pinned vendor model\"\n"), null, TODAY);
    assertThat(r.results().get(1).findings().get(0).suppressed()).isTrue();
    ScanReport none = Triage.apply(folder(), entries("sha256=" + "b".repeat(64)
        + " reason=x\n"), null, TODAY);
    assertThat(none.suppressed()).isZero();
  }

  @Test
  void anExpiredEntrySuppressesNothingAndIsAFinding() throws Exception {
    ScanReport r = Triage.apply(folder(), entries("# header\n\nlegacy/old.pkl reason=\"until"
        + " the migration\" expires=2026-05-31\n"), null, TODAY);
    assertThat(r.suppressed()).isZero();
    ScanResult last = r.results().get(r.results().size() - 1);
    assertThat(last.path()).endsWith(".modelgateignore");
    assertThat(last.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(last.findings().get(0).rule()).isEqualTo(Triage.EXPIRED);
    assertThat(last.findings().get(0).location()).isEqualTo("line 3");
    assertThat(last.findings().get(0).message()).contains("2026-05-31").contains("migration");
    // the last day itself still applies
    ScanReport lastDay = Triage.apply(folder(), entries("models/legacy/old.pkl reason=x"
        + " expires=2026-06-01\n"), null, TODAY);
    assertThat(lastDay.suppressed()).isEqualTo(1);
  }

  @Test
  void tomlEntries() throws Exception {
    Path f = dir.resolve("modelgate.toml");
    Files.writeString(f, """
        [tool]
        name = "something else"   # not ours

        [[ignore]]
        path = "models/legacy/*.pkl"
        rule = 'pickle.dangerous-call'
        reason = "reviewed \\"twice\\""   # a comment
        expires = 2027-01-31

        [[ignore]]
        rule = "joblib.unknown-global"
        reason = "ours"
        """);
    assertThat(IgnoreFile.discover(List.of(dir.resolve("models")))).hasSize(1);
    List<IgnoreEntry> e = IgnoreFile.read(f);
    assertThat(e).hasSize(2);
    assertThat(e.get(0).reason()).isEqualTo("reviewed \"twice\"");
    assertThat(e.get(0).expires()).isEqualTo(LocalDate.of(2027, 1, 31));
    assertThat(e.get(1).source()).endsWith("modelgate.toml:10");
    ScanReport r = Triage.apply(folder(), e, null, TODAY);
    assertThat(r.worst()).isEqualTo(Verdict.CLEAN);
    assertThat(r.suppressed()).isEqualTo(2);
  }

  @Test
  void malformedEntriesNameFileAndLine() {
    assertThatThrownBy(() -> entries("a.pkl rule=x\n")).hasMessageContaining(":1: an entry needs"
        + " a reason");
    assertThatThrownBy(() -> entries("\nreason=\"only a reason\"\n"))
        .hasMessageContaining(":2: an entry names a path, a rule or a sha256");
    assertThatThrownBy(() -> entries("a.pkl reason=x expires=soon\n"))
        .hasMessageContaining("expires is not a date");
    assertThatThrownBy(() -> entries("a.pkl reason=x colour=red\n"))
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> entries("a.pkl reason=\"open\n")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> entries("sha256=abc reason=x\n")).hasMessageContaining("64 hex");
    assertThatThrownBy(() -> entries("a.pkl b.pkl reason=x\n")).hasMessageContaining("key=value");
    assertThatThrownBy(() -> entries("a.pkl reason=x reason=y\n")).hasMessageContaining("twice");
  }

  @Test
  void globs() {
    IgnoreEntry any = new IgnoreEntry(null, "*.pkl", null, null, "r", null, "f:1");
    assertThat(any.coversPath(List.of("a/b/c.pkl"))).isTrue();
    assertThat(any.coversPath(List.of("a/b/c.pt"))).isFalse();
    IgnoreEntry anchored = new IgnoreEntry(null, "/c.pkl", null, null, "r", null, "f:1");
    assertThat(anchored.coversPath(List.of("a/c.pkl"))).isFalse();
    assertThat(anchored.coversPath(List.of("c.pkl"))).isTrue();
    IgnoreEntry deep = new IgnoreEntry(null, "a/**/x.pt", null, null, "r", null, "f:1");
    assertThat(deep.coversPath(List.of("a/x.pt"))).isTrue();
    assertThat(deep.coversPath(List.of("a/b/c/x.pt"))).isTrue();
    IgnoreEntry folder = new IgnoreEntry(null, "vendor/", null, null, "r", null, "f:1");
    assertThat(folder.coversPath(List.of("x/vendor/m.pt"))).isTrue();
    IgnoreEntry star = new IgnoreEntry(null, "a/*.pt", null, null, "r", null, "f:1");
    assertThat(star.coversPath(List.of("a/b/m.pt"))).isFalse();
  }

  @Test
  void baselineLeavesOutKnownFindingsOnly() throws Exception {
    ScanReport first = folder();
    Path base = dir.resolve("base.json");
    Files.writeString(base, JsonReport.render(first));
    // a new finding in the clean file, and the old pickle renamed (same sha256)
    String m = dir.resolve("models").toString();
    ScanReport second = new ScanReport(List.of(
        new ScanResult(m, "directory", 30, null, Verdict.MALICIOUS, List.of(), true),
        new ScanResult(m + "!/renamed.pkl", "pickle", 10, SHA, Verdict.MALICIOUS,
            List.of(evil("@4")), false),
        new ScanResult(m + "!/ok.safetensors", "safetensors", 10, null, Verdict.MALICIOUS,
            List.of(evil("@9")), false)));
    ScanReport r = Triage.apply(second, List.of(), Baseline.read(base), TODAY);
    assertThat(r.baselineKnown()).isEqualTo(1);
    assertThat(r.results().get(1).findings()).isEmpty();
    assertThat(r.results().get(1).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.results().get(2).findings()).hasSize(1);
    assertThat(r.worst()).isEqualTo(Verdict.MALICIOUS);
    Map<?, ?> summary = (Map<?, ?>) ((Map<?, ?>) Json.parse(JsonReport.render(r))).get("summary");
    assertThat(summary.get("baseline_known")).isEqualTo(1L);
    assertThat(TextReport.summary(r)).endsWith("1 known from the baseline");
    Files.writeString(base, "{\"schema\": \"other\"}");
    assertThatThrownBy(() -> Baseline.read(base)).hasMessageContaining("not a modelgate.scan/v1");
  }

  @Test
  void suppressedFindingsStayMarkedInJsonSarifAndText() throws Exception {
    ScanReport r = Triage.apply(folder(), entries("models/legacy/old.pkl reason=\"reviewed\""
        + " expires=2030-01-01\n"), null, TODAY);
    Map<?, ?> doc = (Map<?, ?>) Json.parse(JsonReport.render(r));
    Map<?, ?> res = (Map<?, ?>) ((List<?>) doc.get("results")).get(1);
    Map<?, ?> f = (Map<?, ?>) ((List<?>) res.get("findings")).get(0);
    assertThat(((Map<?, ?>) f.get("suppressed")).get("reason")).isEqualTo("reviewed");
    assertThat(((Map<?, ?>) f.get("suppressed")).get("expires")).isEqualTo("2030-01-01");
    assertThat(res.get("verdict")).isEqualTo("clean");
    assertThat(((Map<?, ?>) doc.get("summary")).get("suppressed")).isEqualTo(1L);

    String sarif = SarifReport.render(r, dir);
    try (InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in)
          .validate(new ObjectMapper().readTree(sarif))).isEmpty();
    }
    Map<?, ?> run = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(sarif)).get("runs")).get(0);
    List<?> results = (List<?>) run.get("results");
    Map<?, ?> suppressed = results.stream().map(x -> (Map<?, ?>) x)
        .filter(x -> x.containsKey("suppressions")).findFirst().orElseThrow();
    Map<?, ?> s = (Map<?, ?>) ((List<?>) suppressed.get("suppressions")).get(0);
    assertThat(s.get("kind")).isEqualTo("external");
    assertThat(s.get("justification")).isEqualTo("reviewed");
    assertThat(results).hasSize(2);

    assertThat(TextReport.render(r, false)).contains("suppressed  pickle.dangerous-call")
        .contains("reason: reviewed").contains("until 2030-01-01")
        .contains("3 files: 2 clean, 1 suspicious, 0 malicious, 0 invalid; 1 finding suppressed");
  }

  @Test
  void textIsQuietUnlessVerboseAndCountsWhatJsonCounts() throws Exception {
    ScanReport r = folder();
    String quiet = TextReport.render(r, false);
    assertThat(quiet).doesNotContain("ok.safetensors").contains("old.pkl").contains("a.joblib");
    assertThat(TextReport.render(r, false, true)).contains("ok.safetensors");
    Map<?, ?> summary = (Map<?, ?>) ((Map<?, ?>) Json.parse(JsonReport.render(r))).get("summary");
    assertThat(summary).isEqualTo(Map.of("files", 3L, "clean", 1L, "suspicious", 1L,
        "malicious", 1L, "invalid", 0L));
    assertThat(quiet).endsWith("3 files: 1 clean, 1 suspicious, 1 malicious, 0 invalid\n");
  }
}
