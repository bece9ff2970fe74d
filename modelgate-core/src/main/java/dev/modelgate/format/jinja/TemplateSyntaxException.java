package dev.modelgate.format.jinja;

/** The template cannot be tokenised or its tags do not balance; Jinja would refuse to load it. */
final class TemplateSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int offset;

  TemplateSyntaxException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  int offset() {
    return offset;
  }
}
