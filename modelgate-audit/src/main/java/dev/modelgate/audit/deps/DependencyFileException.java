package dev.modelgate.audit.deps;

/** A dependency file that cannot be read as its format says: the message names the line. */
final class DependencyFileException extends Exception {
  private static final long serialVersionUID = 1L;
  final int line;

  DependencyFileException(String message, int line) {
    super(message);
    this.line = line;
  }
}
