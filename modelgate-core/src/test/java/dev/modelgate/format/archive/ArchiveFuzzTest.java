package dev.modelgate.format.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.io.IOException;
import java.util.List;

/**
 * Jazzer targets for the archive readers: any bytes either read or raise
 * {@link InvalidInputException} / {@link java.io.EOFException}; the full scan never reports a
 * parser failure (which would mean an unexpected exception escaped a handler).
 */
class ArchiveFuzzTest {
  private static final Limits SMALL =
      new Limits(4, 1000, 1 << 20, 4 << 20, 200, 1 << 16, 1 << 20, 50);

  @FuzzTest(maxDuration = "30s")
  void zipArchive(byte[] data) throws IOException {
    ZipArchive z;
    try {
      z = ZipArchive.read(new BytesSource(data, "fuzz.zip"), SMALL);
    } catch (InvalidInputException | java.io.EOFException expected) {
      return;
    }
    Budget budget = new Budget(SMALL);
    for (ZipEntry e : z.entries()) {
      if (!e.readable()) {
        continue;
      }
      try (ByteSource s = z.open(e, budget, e.name())) {
        if (s.size() < 4096) {
          z.readSmall(e, budget, 4096, e.name());
        }
      } catch (InvalidInputException | java.io.EOFException expected) {
        // bad data in one member
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void tarArchive(byte[] data) throws IOException {
    TarArchive t = TarArchive.read(new BytesSource(data, "fuzz.tar"), SMALL);
    for (TarEntry e : t.entries()) {
      try (ByteSource s = t.open(e)) {
        s.head(16);
      }
    }
  }

  /** Whole scans of zip/tar/7z/compressed inputs: nothing may escape as a parser failure. */
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) throws IOException {
    ScanOptions opts = new ScanOptions(ScanOptions.defaults().policy(), SMALL, 1 << 20, false,
        ScanOptions.defaults().listener());
    List<ScanResult> results = new Scanner(opts).scan(new BytesSource(data, "fuzz.bin"));
    for (ScanResult r : results) {
      if (r.findings().stream().anyMatch(f -> f.rule().equals("parser.failure"))) {
        throw new AssertionError("parser failure on " + r.path() + ": " + r.findings());
      }
    }
  }
}
