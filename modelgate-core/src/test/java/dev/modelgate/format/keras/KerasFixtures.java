package dev.modelgate.format.keras;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** Scans fixtures written by scripts/fixtures/keras.py. */
final class KerasFixtures {
  private KerasFixtures() {}

  static Path path(String name) {
    try {
      return Path.of(KerasFixtures.class.getResource("/fixtures/keras/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + name, e);
    }
  }

  /** All results: the file first, then its members. */
  static List<ScanResult> scan(String name) throws IOException {
    return new Scanner(ScanOptions.defaults()).scanFile(path(name));
  }
}
