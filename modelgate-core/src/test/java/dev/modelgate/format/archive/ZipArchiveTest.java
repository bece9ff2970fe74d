package dev.modelgate.format.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZipArchiveTest {

  private static ZipArchive read(String fixture) throws IOException {
    return ZipArchive.read(Fixtures.source(fixture), Limits.DEFAULT);
  }

  private static List<String> anomalyRules(ZipArchive z) {
    return z.anomalies().stream().map(Finding::rule).toList();
  }

  @Test
  void readsTorchCheckpointWithoutAnomalies() throws IOException {
    ZipArchive z = read("torch_state_dict.pt");
    assertThat(z.entries()).extracting(ZipEntry::name)
        .contains("archive/data.pkl", "archive/version", "archive/data/0", "archive/byteorder");
    assertThat(z.anomalies()).isEmpty();
    ZipEntry version = z.entry("archive/version").orElseThrow();
    byte[] v = z.readSmall(version, new Budget(Limits.DEFAULT), 1024, "archive/version");
    assertThat(new String(v, StandardCharsets.US_ASCII).trim()).isNotEmpty();
    assertThat(z.anomalies()).isEmpty();
  }

  @Test
  void inflatesDeflatedMembers() throws IOException {
    ZipArchive z = read("deflated_members.zip");
    ZipEntry notes = z.entry("notes.txt").orElseThrow();
    assertThat(notes.method()).isEqualTo(ZipEntry.DEFLATED);
    try (ByteSource s = z.open(notes, new Budget(Limits.DEFAULT), "notes.txt")) {
      assertThat(s.size()).isEqualTo(1000);
      assertThat(new String(s.head(10), StandardCharsets.US_ASCII)).isEqualTo("text text ");
    }
    assertThat(z.anomalies()).isEmpty();
  }

  @Test
  void localOnlyFlagBitsAreSuspiciousButMembersStayReadable() throws IOException {
    ZipArchive z = read("torch_local_flag_bits.pt");
    assertThat(anomalyRules(z)).contains("zip.flag-mismatch", "zip.encryption-flag")
        .doesNotContain("zip.encrypted");
    assertThat(z.anomalies()).allMatch(f -> f.verdict() == Verdict.SUSPICIOUS);
    assertThat(z.entry("archive/data.pkl").orElseThrow().readable()).isTrue();
  }

  @Test
  void duplicateNamesAreInvalid() throws IOException {
    assertThat(anomalyRules(read("dup_names.zip"))).contains("zip.duplicate-name");
  }

  @Test
  void localCentralNameMismatchIsInvalid() throws IOException {
    ZipArchive z = read("name_mismatch.zip");
    assertThat(anomalyRules(z)).contains("zip.header-mismatch");
    assertThat(z.entries()).allMatch(ZipEntry::readable);
  }

  @Test
  void overlappingEntriesAreInvalid() throws IOException {
    assertThat(anomalyRules(read("overlap.zip"))).contains("zip.overlap");
  }

  @Test
  void truncatedCentralDirectoryKeepsEntriesReadSoFar() throws IOException {
    ZipArchive z = read("truncated_cd.zip");
    assertThat(anomalyRules(z)).contains("zip.central-directory");
    assertThat(z.entries()).hasSize(2);
  }

  @Test
  void missingEndRecordIsInvalid() {
    assertThatThrownBy(() -> read("no_eocd.zip")).isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).rule()).isEqualTo("zip.no-end-record");
  }

  @Test
  void declaredBombIsInvalidAndNotInflated() throws IOException {
    ZipArchive z = read("zip_bomb.zip");
    assertThat(anomalyRules(z)).containsExactly("zip.decompression-bomb");
    assertThat(z.entries().get(0).readable()).isFalse();
  }

  @Test
  void bombWithLyingSizesIsStoppedByTheBudget() throws IOException {
    byte[] data = Fixtures.bytes("zip_bomb.zip").clone();
    // Claim the member inflates to only 1 MiB in both headers: the declared-ratio check passes.
    ZipArchive honest = ZipArchive.read(new dev.modelgate.io.BytesSource(data, "x"), Limits.DEFAULT);
    ZipEntry e = honest.entries().get(0);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int cen = indexOf(data, new byte[] {'P', 'K', 1, 2});
    b.putInt(cen + 24, 1 << 20);
    b.putInt((int) e.localHeaderOffset() + 22, 1 << 20);
    ZipArchive z = ZipArchive.read(new dev.modelgate.io.BytesSource(data, "x"), Limits.DEFAULT);
    assertThat(z.anomalies()).isEmpty();
    assertThatThrownBy(() -> z.open(z.entries().get(0), new Budget(Limits.DEFAULT), "zeros.bin"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(x -> ((InvalidInputException) x).rule()).isEqualTo("zip.size-mismatch");
  }

  @Test
  void prefixDataAndMultipleEndRecordsAreSuspicious() throws IOException {
    ZipArchive prefixed = read("prefix_data.zip");
    assertThat(anomalyRules(prefixed)).contains("zip.prefix-data");
    assertThat(prefixed.entries()).hasSize(2).allMatch(ZipEntry::readable);
    try (ByteSource s = prefixed.open(prefixed.entry("a.txt").orElseThrow(),
        new Budget(Limits.DEFAULT), "a.txt")) {
      assertThat(new String(s.head(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }
    assertThat(anomalyRules(read("multiple_eocd.zip"))).contains("zip.multiple-end-records");
  }

  @Test
  void crcMismatchIsRecordedWhenMetadataIsRead() throws IOException {
    byte[] data = Fixtures.bytes("plain.zip").clone();
    ZipArchive z0 = ZipArchive.read(new dev.modelgate.io.BytesSource(data, "x"), Limits.DEFAULT);
    ZipEntry e = z0.entry("model/config.json").orElseThrow();
    int cen = indexOf(data, new byte[] {'P', 'K', 1, 2});
    data[cen + 16] ^= 1; // central CRC
    data[(int) e.localHeaderOffset() + 14] ^= 1; // local CRC, so the headers still agree
    ZipArchive z = ZipArchive.read(new dev.modelgate.io.BytesSource(data, "x"), Limits.DEFAULT);
    assertThat(z.anomalies()).isEmpty();
    z.readSmall(z.entry("model/config.json").orElseThrow(), new Budget(Limits.DEFAULT), 4096, "c");
    assertThat(anomalyRules(z)).containsExactly("zip.crc-mismatch");
  }

  @Test
  void entryCountOverLimitIsInvalid() {
    Limits tight = new Limits(8, 1, 1L << 30, 1L << 30, 200, 16L << 20, 1 << 20, 200);
    assertThatThrownBy(() -> ZipArchive.read(Fixtures.source("dup_names.zip"), tight))
        .isInstanceOf(InvalidInputException.class)
        .extracting(x -> ((InvalidInputException) x).rule()).isEqualTo("zip.entry-count");
  }

  @Test
  void localEntriesMissingFromTheDirectoryAreRecoveredForScanning() throws IOException {
    ZipArchive z = read("hidden_local_entry.zip");
    assertThat(anomalyRules(z)).contains("zip.hidden-entry");
    assertThat(z.entries()).extracting(ZipEntry::name).containsExactly("a.txt", "evil.pkl");
    assertThat(z.entry("evil.pkl").orElseThrow().readable()).isTrue();
    ZipArchive clean = read("deflated_members.zip");
    assertThat(anomalyRules(clean)).doesNotContain("zip.hidden-entry");
  }

  @Test
  void membersOfAnEarlierEndRecordsDirectoryAreRecovered() throws IOException {
    ZipArchive z = read("two_directories.zip");
    assertThat(anomalyRules(z)).contains("zip.multiple-end-records", "zip.hidden-entry");
    assertThat(z.entries()).extracting(ZipEntry::name).containsExactly("a.txt", "evil.pkl");
  }

  static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (data[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
