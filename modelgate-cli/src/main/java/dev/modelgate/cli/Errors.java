package dev.modelgate.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into one-line messages that name the user's file; stack traces only with {@code --debug}. */
final class Errors {
  private Errors() {}

  static String describe(Throwable t) {
    if (t instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    if (t instanceof FileAlreadyExistsException e && e.getReason() != null) {
      return e.getFile() + ": " + e.getReason();
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return m;
  }
}
