package dev.modelgate.format.python;

/**
 * The one-character escapes of a Python string literal ({@code \\ \' \" \a \b \f \n \r \t \v}),
 * shared by the readers of Python-syntax literals (numpy headers, Jinja templates) so that both
 * decode them exactly as CPython does.
 */
public final class PyEscapes {
  private PyEscapes() {}

  /** The character {@code \e} stands for, or -1 when {@code e} is not a one-character escape. */
  public static int simple(char e) {
    return switch (e) {
      case '\\', '\'', '"' -> e;
      case 'a' -> '\u0007';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> '\u000b';
      default -> -1;
    };
  }
}
