package dev.modelgate.format.pickle;

import dev.modelgate.io.BytesSource;
import dev.modelgate.ScanListener;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Runs the whole scanner on fuzz input and fails on what the scanner would otherwise hide: a
 * parser failure (any RuntimeException or Error inside a handler) becomes a test failure.
 */
public final class FuzzSupport {
  private FuzzSupport() {}

  public static List<ScanResult> scan(String name, byte[] data) {
    ScanListener strict = new ScanListener() {
      @Override
      public void parserFailure(String path, Throwable t) {
        throw new AssertionError("parser failure on " + path, t);
      }
    };
    ScanOptions o = ScanOptions.defaults();
    Scanner s = new Scanner(new ScanOptions(o.policy(), o.limits(), 0, false, strict));
    try {
      return s.scan(new BytesSource(data, name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
