package dev.modelgate.cli;

import dev.modelgate.integrity.IntegrityException;
import java.io.IOException;

/**
 * A command that cannot go on, with the exit code and the one line to print: thrown by a command,
 * printed (escaped) by {@link Main}. {@link #attempt} folds the "try, catch, print, return" of
 * loading keys, certificates, trust roots and of signing and verifying into one call.
 */
final class Failure extends Exception {
  private static final long serialVersionUID = 1L;
  final int code;

  Failure(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** A step that fails with an {@link IntegrityException} naming what is wrong. */
  interface Step<T> {
    T get() throws IntegrityException, IOException;
  }

  /** The step's value; its IntegrityException becomes a Failure of {@code code}, "prefix: why". */
  static <T> T attempt(int code, String prefix, Step<T> step) throws Failure, IOException {
    try {
      return step.get();
    } catch (IntegrityException e) {
      throw new Failure(code, prefix.isEmpty() ? e.getMessage() : prefix + ": " + e.getMessage(),
          e);
    }
  }
}
