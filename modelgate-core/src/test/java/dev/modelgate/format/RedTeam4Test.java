package dev.modelgate.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fourth red team pass (fixtures from scripts/fixtures/redteam4.py): streams the real loaders
 * read differently than a naive parser would (joblib array lengths from numpy's dtype state,
 * protocol-0 integers, legacy joblib array files, numpy object dtype spellings) are malicious,
 * and what numpy and joblib really write stays clean.
 */
class RedTeam4Test {
  static List<Path> malicious() {
    return Fixtures.files("redteam4", "malicious_");
  }

  /** What joblib and numpy write; the legacy wrapper file is judged on its own below. */
  static List<Path> benign() {
    return Fixtures.files("redteam4", "benign_").stream()
        .filter(p -> !p.getFileName().toString().equals("benign_legacy.pkl")).toList();
  }

  @Test
  void aLegacyWrapperWithACleanSiblingDependsOnIt() throws IOException {
    // red team 6 (issue 9): joblib.load np.load(allow_pickle=True)s the sibling, which can be
    // swapped after the scan, so the file says so in its verdict; the sibling itself is clean
    List<ScanResult> rs = new Scanner(ScanOptions.defaults()).scanFile(fixture("benign_legacy.pkl"));
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(rs.get(0).findings()).extracting(Finding::rule)
        .containsExactly("pickle.wrapper-sibling");
    assertThat(rs.get(1).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @ParameterizedTest
  @MethodSource("malicious")
  void differentialsAreMalicious(Path file) throws IOException {
    ScanResult r = new Scanner(ScanOptions.defaults()).scanFile(file).get(0);
    assertThat(r.verdict()).as(file.toString()).isEqualTo(Verdict.MALICIOUS);
  }

  @ParameterizedTest
  @MethodSource("benign")
  void realFilesAreClean(Path file) throws IOException {
    for (ScanResult r : new Scanner(ScanOptions.defaults()).scanFile(file)) {
      assertThat(r.findings()).as(r.path()).isEmpty();
      assertThat(r.verdict()).as(r.path()).isEqualTo(Verdict.CLEAN);
    }
  }

  @Test
  void joblibArrayLengthFollowsNumpyNotTheState() throws IOException {
    // the payload sits where joblib resumes after 8 bytes, not after the claimed item size
    ScanResult r = Fixtures.scan(fixture("malicious_joblib_elsize.joblib"));
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("pickle.dangerous-call");
    assertThat(r.findings().get(0).evidence()).contains("posix.system", "/tmp/mg-rt4-elsize");
  }

  @Test
  void legacyArrayFileOutsideTheFolderIsNamed() throws IOException {
    ScanResult r = Fixtures.scan(fixture("malicious_ndwrapper_absolute.joblib"));
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("pickle.wrapper-file");
    assertThat(r.findings().get(0).message()).contains("/tmp/mg-rt4/evil.pkl");
  }

  @Test
  void legacySiblingArrayFileIsScannedToo() throws IOException {
    List<ScanResult> results = new Scanner(ScanOptions.defaults())
        .scanFile(fixture("malicious_ndwrapper_sibling.joblib"));
    assertThat(results).hasSize(2);
    assertThat(results.get(1).path()).endsWith("!/malicious_sibling_data.bin");
    assertThat(results.get(1).findings()).extracting(Finding::rule)
        .containsExactly("pickle.dangerous-call");
  }

  private static Path fixture(String name) {
    return Fixtures.files("redteam4", name).get(0);
  }
}
