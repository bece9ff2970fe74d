package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Loads fixtures written by scripts/fixtures/archives.py and scans them. */
public final class Fixtures {
  private Fixtures() {}

  public static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/archives/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ByteSource source(String name) {
    return new BytesSource(bytes(name), name);
  }

  /** Scans a fixture; the first result is the file itself, then its members. */
  public static List<ScanResult> scan(String name) throws IOException {
    return scan(name, bytes(name));
  }

  public static List<ScanResult> scan(String name, byte[] data) throws IOException {
    return new Scanner(ScanOptions.defaults()).scan(new BytesSource(data, name));
  }

  /** Rule ids of all findings in all results. */
  public static List<String> rules(List<ScanResult> results) {
    return results.stream().flatMap(r -> r.findings().stream()).map(Finding::rule)
        .collect(Collectors.toList());
  }
}
