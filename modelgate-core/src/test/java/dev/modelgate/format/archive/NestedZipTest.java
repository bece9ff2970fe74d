package dev.modelgate.format.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.io.BytesSource;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Zips stored inside zips carry their end records in the outer file. Those records belong to the
 * nested archive (scanned as its member), not to the outer one: reading them as alternative
 * directories re-scanned every level once per level above it, so 30 stored levels (3 KB) took
 * minutes, and benign nested archives were reported as having hidden entries.
 */
class NestedZipTest {
  @Test
  void storedNestedZipsAreScannedOncePerLevel() throws IOException {
    byte[] data = {(byte) 0x80, 2, 'N', '.'};
    String name = "m.pkl";
    for (int i = 0; i < 30; i++) {
      data = storedZip(name, data);
      name = "l" + i + ".zip";
    }
    List<ScanResult> results = new Scanner(ScanOptions.defaults())
        .scan(new BytesSource(data, "nested.zip"));

    // one result per level down to the nesting limit, which makes the file invalid
    assertThat(results).hasSize(ScanOptions.defaults().limits().maxNesting() + 1);
    assertThat(results.getFirst().verdict().name()).isEqualTo("INVALID");
    assertThat(results).flatMap(ScanResult::findings).extracting(f -> f.rule())
        .doesNotContain("zip.hidden-entry", "zip.multiple-end-records", "parser.failure")
        .contains("limits.nesting");
  }

  @Test
  void oneStoredNestedZipIsClean() throws IOException {
    byte[] inner = storedZip("m.pkl", new byte[] {(byte) 0x80, 2, 'N', '.'});
    List<ScanResult> results = new Scanner(ScanOptions.defaults())
        .scan(new BytesSource(storedZip("inner.zip", inner), "outer.zip"));

    assertThat(results).extracting(r -> r.verdict().name()).containsOnly("CLEAN");
  }

  private static byte[] storedZip(String name, byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      ZipEntry e = new ZipEntry(name);
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setCrc(crc.getValue());
      z.putNextEntry(e);
      z.write(data);
    }
    return out.toByteArray();
  }
}
