package dev.modelgate.json;

/** Malformed JSON; {@link #offset()} is the character offset of the problem. */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int offset;

  public JsonException(String message, int offset) {
    super(message + " at character " + offset);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
