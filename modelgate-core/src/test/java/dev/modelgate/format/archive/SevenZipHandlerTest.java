package dev.modelgate.format.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 7z fixtures are built here with commons-compress: no 7z writer exists for Python here. */
class SevenZipHandlerTest {
  @TempDir
  Path dir;

  static byte[] sevenZip(Path dir, String[] names, byte[][] data) throws IOException {
    Path f = dir.resolve("a.7z");
    try (SevenZOutputFile out = new SevenZOutputFile(f.toFile())) {
      for (int i = 0; i < names.length; i++) {
        SevenZArchiveEntry e = new SevenZArchiveEntry();
        e.setName(names[i]);
        e.setSize(data[i].length);
        out.putArchiveEntry(e);
        out.write(data[i]);
        out.closeArchiveEntry();
      }
    }
    return Files.readAllBytes(f);
  }

  @Test
  void membersAreScanned() throws IOException {
    byte[] z = sevenZip(dir, new String[] {"model/evil.pkl", "model/cfg.json"},
        new byte[][] {gunzip(),
            "{\"a\": 1}".getBytes()});
    List<ScanResult> r = Fixtures.scan("w.7z", z);
    assertThat(r.get(0).format()).isEqualTo("7z");
    assertThat(r).extracting(ScanResult::path).contains("w.7z!/model/evil.pkl",
        "w.7z!/model/cfg.json");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
  }

  @Test
  void benignArchiveIsClean() throws IOException {
    byte[] z = sevenZip(dir, new String[] {"cfg.json"}, new byte[][] {"{\"a\": 1}".getBytes()});
    assertThat(Fixtures.scan("b.7z", z).get(0).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void bombIsInvalid() throws IOException {
    byte[] z = sevenZip(dir, new String[] {"zeros"}, new byte[][] {new byte[20 << 20]});
    List<ScanResult> r = Fixtures.scan("bomb.7z", z);
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(Fixtures.rules(r)).contains("limits.decompression-ratio");
  }

  @Test
  void corruptHeaderIsInvalid() throws IOException {
    byte[] z = sevenZip(dir, new String[] {"cfg.json"}, new byte[][] {"{}".getBytes()});
    byte[] cut = java.util.Arrays.copyOf(z, z.length - 10);
    assertThat(Fixtures.scan("cut.7z", cut).get(0).verdict()).isEqualTo(Verdict.INVALID);
  }

  private static byte[] gunzip() throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(
        new java.io.ByteArrayInputStream(Fixtures.bytes("model.pkl.gz")))) {
      return in.readAllBytes();
    }
  }
}
