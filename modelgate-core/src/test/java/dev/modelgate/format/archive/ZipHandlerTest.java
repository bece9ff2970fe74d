package dev.modelgate.format.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZipHandlerTest {

  @Test
  void plainZipIsCleanAndMembersAreScanned() throws IOException {
    List<ScanResult> r = Fixtures.scan("plain.zip");
    assertThat(r.get(0).format()).isEqualTo("zip");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r).extracting(ScanResult::path)
        .contains("plain.zip!/model/config.json", "plain.zip!/model/README.md");
  }

  @Test
  void zipSlipIsInvalid() throws IOException {
    List<ScanResult> r = Fixtures.scan("zip_slip.zip");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(Fixtures.rules(r)).contains("zip.path-traversal");
  }

  @Test
  void zipBombIsInvalid() throws IOException {
    List<ScanResult> r = Fixtures.scan("zip_bomb.zip");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(Fixtures.rules(r)).contains("zip.decompression-bomb");
  }

  @Test
  void structuralAnomaliesMakeTheArchiveInvalid() throws IOException {
    for (String f : List.of("dup_names.zip", "name_mismatch.zip", "overlap.zip",
        "truncated_cd.zip", "no_eocd.zip")) {
      assertThat(Fixtures.scan(f).get(0).verdict()).as(f).isEqualTo(Verdict.INVALID);
    }
  }

  @Test
  void benignNpzIsClaimedByTheNpzFlavour() throws IOException {
    List<ScanResult> r = Fixtures.scan("numeric.npz");
    assertThat(r.get(0).format()).isEqualTo("numpy-npz");
    assertThat(r).extracting(ScanResult::path).contains("numeric.npz!/a.npy", "numeric.npz!/b.npy");
  }

  @Test
  void payloadOnlyAStreamingReaderSeesIsStillFound() throws IOException {
    List<ScanResult> r = Fixtures.scan("hidden_local_entry.zip");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(Fixtures.rules(r)).contains("zip.hidden-entry", "pickle.dangerous-call");
    assertThat(Fixtures.scan("two_directories.zip").get(0).verdict())
        .isEqualTo(Verdict.MALICIOUS);
    List<ScanResult> benign = Fixtures.scan("hidden_local_benign.zip");
    assertThat(benign.get(0).verdict()).isEqualTo(Verdict.SUSPICIOUS);
  }

  @Test
  void maliciousMemberMakesTheArchiveMalicious() throws IOException {
    List<ScanResult> r = Fixtures.scan("plain_with_pickle.zip");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r).filteredOn(x -> x.path().endsWith("!/model/evil.pkl")).singleElement()
        .extracting(ScanResult::format).isEqualTo("pickle");
  }
}
