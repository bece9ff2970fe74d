package dev.modelgate.cli;

/**
 * Whether stdout/stderr are terminals. The launcher script knows ({@code [ -t 1 ]}) and passes
 * {@code -Dmodelgate.stdout.tty=true} / {@code -Dmodelgate.stderr.tty=true}; Java alone cannot
 * tell for stderr.
 */
final class Terminal {
  private Terminal() {}

  static boolean stdout() {
    return Boolean.getBoolean("modelgate.stdout.tty") && System.getenv("NO_COLOR") == null;
  }

  static boolean stderr() {
    return Boolean.getBoolean("modelgate.stderr.tty");
  }
}
