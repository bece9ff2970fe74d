package dev.modelgate.spi;

import dev.modelgate.io.ByteSource;
import java.io.IOException;

/**
 * One family of formats. The scanner offers each file to the handlers in {@code formats.Registry} order;
 * the first whose {@link #detect} claims it scans it. Handlers report findings and members through
 * the {@link ScanContext}; they throw {@link dev.modelgate.io.InvalidInputException} for structure
 * they cannot accept, and never execute anything the file contains.
 */
public interface FormatHandler {

  /** Format id reported when this handler claims a file (it may refine it via the context). */
  String format();

  /**
   * Claims the file from its first bytes; must be cheap. It should not throw: if it does, the
   * engine takes that as a claim and reports the file invalid ({@code parser.failure}), so a
   * bug in detection can never let a file through unjudged.
   */
  boolean detect(Sniff sniff);

  void scan(ScanContext ctx, ByteSource src) throws IOException;
}
