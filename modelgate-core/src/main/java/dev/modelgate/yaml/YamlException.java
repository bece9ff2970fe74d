package dev.modelgate.yaml;

/**
 * YAML outside the subset this reader accepts, malformed YAML, or YAML over a limit;
 * {@link #line()} is the 1-based line of the problem.
 */
public final class YamlException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final boolean limit;

  YamlException(String message, int line, boolean limit) {
    super(message + " at line " + line);
    this.line = line;
    this.limit = limit;
  }

  public int line() {
    return line;
  }

  /** True when a limit (size, depth, alias expansion) was hit rather than the syntax. */
  public boolean limit() {
    return limit;
  }
}
