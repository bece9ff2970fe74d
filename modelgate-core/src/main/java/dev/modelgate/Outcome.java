package dev.modelgate;

import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What scanning one {@link Unit} produced, as the scan of its folder (or of the path list) takes
 * it: the file's results (itself, then its members), its verdict and size, why it could not be
 * read, and the parser failures a worker saw, to be told to the listener on the caller's thread.
 *
 * @param unreadable the message of the I/O error that stopped the file, or null
 * @param failure an I/O error that ends the whole scan (a named file that cannot be opened)
 */
record Outcome(List<ScanResult> results, Verdict verdict, long size,
    @Nullable String unreadable, @Nullable IOException failure,
    List<ParserFailure> parserFailures) {

  /** A parser failure seen on a worker, told to the caller's listener in file order. */
  record ParserFailure(String path, Throwable error) {}

  static Outcome of(List<ScanResult> results, Verdict verdict, long size,
      @Nullable String unreadable) {
    return new Outcome(results, verdict, size, unreadable, null, List.of());
  }

  static Outcome failed(IOException e) {
    return new Outcome(List.of(), Verdict.CLEAN, 0, null, e, List.of());
  }

  Outcome withParserFailures(List<ParserFailure> seen) {
    return seen.isEmpty() ? this
        : new Outcome(results, verdict, size, unreadable, failure, List.copyOf(seen));
  }

  void replay(ScanListener listener) {
    for (ParserFailure f : parserFailures) {
      listener.parserFailure(f.path(), f.error());
    }
  }

  Outcome rethrow() throws IOException {
    if (failure != null) {
      throw failure;
    }
    return this;
  }

  void addTo(List<ScanResult> out) {
    out.addAll(results);
  }
}
