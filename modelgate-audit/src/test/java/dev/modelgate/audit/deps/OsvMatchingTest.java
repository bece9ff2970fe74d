package dev.modelgate.audit.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.rules.Severity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OSV folders and all.zip files: versions[], last_affected, withdrawn, other ecosystems. */
class OsvMatchingTest {
  static Path folder() throws Exception {
    return Path.of(OsvMatchingTest.class.getResource("/deps/osv/folder").toURI());
  }

  static List<AuditFinding> match(OsvDatabase db, String req) {
    return new DependencyAudit(db).match(Pep508.dependency(req, "requirements.txt", 1));
  }

  @Test
  void folderOfOsvJson() throws Exception {
    OsvDatabase db = OsvDatabase.load(folder());
    assertThat(db.size()).isEqualTo(2); // withdrawn and crates.io entries skipped
    assertThat(match(db, "demo-pkg==1.1")).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("dep.vulnerable");
      assertThat(f.details().get("advisories")).isEqualTo("GHSA-test-0001");
    });
    assertThat(match(db, "demo-pkg==1.2")).isEmpty();
    assertThat(match(db, "demo-pkg==2.3")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.details().get("source")).isEqualTo("https://example.invalid/advisory");
    });
    assertThat(match(db, "demo-pkg==2.3.1")).isEmpty(); // past last_affected
    assertThat(match(db, "demo-pkg==3.0.4")).hasSize(1);
    assertThat(match(db, "demo-pkg==3.0.5")).isEmpty();
    assertThat(match(db, "demo-pkg>=2.4,<3")).isEmpty();
    assertThat(match(db, "demo-pkg>=2.4,<=3.0")).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("dep.vulnerable-range");
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.message()).contains("upgrade to demo-pkg >= 3.0.5");
    });
    assertThat(match(db, "demo-pkg!=1.0,!=1.1,<2")).isEmpty();
    assertThat(match(db, "demo-pkg<1.1")).hasSize(1);
  }

  @Test
  void allZipIsReadLikeAFolder(@TempDir Path tmp) throws Exception {
    Path zip = tmp.resolve("all.zip");
    try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
      try (var s = Files.list(folder())) {
        for (Path f : s.sorted().toList()) {
          z.putNextEntry(new ZipEntry(f.getFileName().toString()));
          z.write(Files.readAllBytes(f));
          z.closeEntry();
        }
      }
    }
    OsvDatabase db = OsvDatabase.load(zip);
    assertThat(db.size()).isEqualTo(2);
    assertThat(match(db, "Demo.Pkg==1.0")).hasSize(1);
  }

  @Test
  void notOsvDataIsAnError(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("all.zip");
    Files.writeString(bad, "not a zip");
    assertThatThrownBy(() -> OsvDatabase.load(bad)).hasMessageContaining("not an OSV zip");
    Path dir = tmp.resolve("osv");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("x.json"), "{\"no\": \"id\"}");
    assertThatThrownBy(() -> OsvDatabase.load(dir)).hasMessageContaining("without an id");
  }

  @Test
  void bundledSnapshotKnowsTheLoadTimeRces() {
    OsvDatabase db = OsvDatabase.bundled();
    assertThat(db.description()).contains("2026-12-02").contains("curated subset");
    assertThat(match(db, "torch==2.5.1")).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.details().get("aliases")).contains("CVE-2025-32434");
    });
    assertThat(match(db, "torch==2.10.0")).isEmpty();
    assertThat(match(db, "torch>=2.10")).isEmpty();
    assertThat(match(db, "torch>=2.4")).singleElement().extracting(AuditFinding::rule)
        .isEqualTo("dep.vulnerable-range");
    assertThat(match(db, "llama-cpp-python==0.2.29")).isEmpty();
    assertThat(match(db, "llama-cpp-python==0.2.71")).hasSize(1);
    assertThat(match(db, "vllm==0.6.2")).singleElement().satisfies(f ->
        assertThat(f.details().get("advisories")).contains("GHSA-5vqr-wprc-cpp7"));
    // every bundled entry names its source
    assertThat(db.size()).isGreaterThan(40);
  }
}
