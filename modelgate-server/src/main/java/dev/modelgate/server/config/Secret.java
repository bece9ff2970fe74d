package dev.modelgate.server.config;

/** A credential that must never reach a log, an error message or a client: it prints as ***. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = value;
  }

  /** The credential itself, for the one place that sends it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "***";
  }
}
