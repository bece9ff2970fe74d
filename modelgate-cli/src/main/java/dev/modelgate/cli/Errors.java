package dev.modelgate.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.ParseResult;

/** Turns exceptions into one-line messages; stack traces only with {@code --debug}. */
final class Errors {
  private Errors() {}

  static String describe(Throwable t) {
    if (t instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return m;
  }

  static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
