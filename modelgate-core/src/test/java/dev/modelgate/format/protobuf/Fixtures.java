package dev.modelgate.format.protobuf;

import dev.modelgate.io.BytesSource;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: scan the protobuf-family fixtures through the real scanner. */
public final class Fixtures {
  public static final Path ROOT = Path.of("src/test/resources/fixtures/protobuf");

  private Fixtures() {}

  public static Path path(String rel) {
    return ROOT.resolve(rel);
  }

  /** Scans a fixture file on disk (with its folder, for sibling lookups); returns its result. */
  public static ScanResult scan(String rel) throws IOException {
    return new Scanner(ScanOptions.defaults()).scanFile(path(rel)).get(0);
  }

  /** Scans bytes with no folder. */
  public static ScanResult scan(byte[] data, String name) throws IOException {
    return new Scanner(ScanOptions.defaults()).scan(new BytesSource(data, name)).get(0);
  }

  public static List<String> rules(ScanResult r) {
    return r.findings().stream().filter(f -> f.verdict() != Verdict.CLEAN).map(Finding::rule)
        .toList();
  }
}
