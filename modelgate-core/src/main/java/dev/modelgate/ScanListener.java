package dev.modelgate;

/** Progress callbacks for long scans (the CLI draws a progress line on a terminal). */
public interface ScanListener {
  ScanListener NONE = new ScanListener() {};

  /** A top-level file is about to be scanned; {@code index} counts from 1. */
  default void fileStarted(String path, int index, int total) {}

  /** A parser failed unexpectedly on a file; the file is reported invalid. */
  default void parserFailure(String path, Throwable t) {}
}
