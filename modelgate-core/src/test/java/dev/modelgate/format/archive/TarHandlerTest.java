package dev.modelgate.format.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.io.Limits;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarHandlerTest {

  @Test
  void plainTarIsCleanAndRegularMembersAreScanned() throws IOException {
    List<ScanResult> r = Fixtures.scan("plain.tar");
    assertThat(r.get(0).format()).isEqualTo("tar");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r).extracting(ScanResult::path).containsExactly("plain.tar",
        "plain.tar!/model/config.json");
  }

  @Test
  void readsPaxAndGnuLongNames() throws IOException {
    TarArchive t = TarArchive.read(Fixtures.source("pax_long_name.tar"), Limits.DEFAULT);
    assertThat(t.anomalies()).isEmpty();
    assertThat(t.entries()).singleElement().satisfies(e -> {
      assertThat(e.name()).endsWith("long_directory_name/config.json").hasSizeGreaterThan(100);
      assertThat(e.size()).isEqualTo(8);
    });
    assertThat(Fixtures.scan("pax_long_name.tar").get(0).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void traversalAndAbsoluteNamesAreMalicious() throws IOException {
    for (String f : List.of("tar_traversal.tar", "tar_absolute.tar")) {
      List<ScanResult> r = Fixtures.scan(f);
      assertThat(r.get(0).verdict()).as(f).isEqualTo(Verdict.MALICIOUS);
      assertThat(Fixtures.rules(r)).as(f).contains("tar.path-traversal");
    }
  }

  @Test
  void linksOutOfTheFolderAreMaliciousButInsideLinksAreNot() throws IOException {
    for (String f : List.of("tar_symlink_out.tar", "tar_hardlink_out.tar")) {
      List<ScanResult> r = Fixtures.scan(f);
      assertThat(r.get(0).verdict()).as(f).isEqualTo(Verdict.MALICIOUS);
      assertThat(Fixtures.rules(r)).as(f).contains("tar.link-escape");
    }
    assertThat(Fixtures.rules(Fixtures.scan("plain.tar"))).doesNotContain("tar.link-escape");
  }

  @Test
  void deviceFilesAreInvalid() throws IOException {
    List<ScanResult> r = Fixtures.scan("tar_device.tar");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(Fixtures.rules(r)).contains("tar.special-file");
  }

  @Test
  void badChecksumAndOversizedMembersAreInvalid() throws IOException {
    assertThat(TarArchive.looksLikeTar(Fixtures.bytes("tar_bad_checksum.tar"))).isTrue();
    List<ScanResult> bad = Fixtures.scan("tar_bad_checksum.tar");
    assertThat(Fixtures.rules(bad)).contains("tar.checksum");
    assertThat(bad.get(0).verdict()).isEqualTo(Verdict.INVALID);
    List<ScanResult> big = Fixtures.scan("tar_size_past_end.tar");
    assertThat(Fixtures.rules(big)).contains("tar.truncated");
    assertThat(big.get(0).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void nestedCompressedMembersAreUnwrapped() throws IOException {
    List<ScanResult> r = Fixtures.scan("nested.tar");
    assertThat(r).extracting(ScanResult::path).contains("nested.tar!/ckpt/model.pt.gz",
        "nested.tar!/ckpt/model.pt.gz!/model.pt");
    assertThat(r).filteredOn(x -> x.path().endsWith("!/model.pt")).singleElement()
        .extracting(ScanResult::format).isNotEqualTo("unknown");
  }

  @Test
  void maliciousMemberMakesTheTarMalicious() throws IOException {
    List<ScanResult> r = Fixtures.scan("tar_with_pickle.tar");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(Fixtures.scan("nested.tar").get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
  }
}
