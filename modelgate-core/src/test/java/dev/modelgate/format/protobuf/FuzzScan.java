package dev.modelgate.format.protobuf;

import dev.modelgate.io.BytesSource;
import dev.modelgate.ScanListener;
import dev.modelgate.ScanOptions;
import dev.modelgate.Scanner;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Fuzz helper: scans bytes; a parser failure (anything but a finding) fails the target. */
public final class FuzzScan {
  private FuzzScan() {}

  public static void scan(byte[] data, String name) {
    ScanListener strict = new ScanListener() {
      @Override
      public void parserFailure(String path, Throwable t) {
        throw new AssertionError("parser failure on " + path, t);
      }
    };
    ScanOptions o = ScanOptions.defaults();
    Scanner s = new Scanner(new ScanOptions(o.policy(), o.limits(), 0, false, strict));
    try {
      s.scan(new BytesSource(data, name));
    } catch (IOException e) {
      throw new UncheckedIOException("the scanner must turn bad input into findings", e);
    }
  }
}
