package dev.modelgate.cli.args;

/**
 * A command line that cannot be run as given (unknown option, missing value, bad choice): exit
 * code 2, the message on one line, then a pointer to the command's help.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String command;

  /** @param command the full command name for the help pointer, e.g. {@code modelgate scan} */
  public UsageException(String command, String message) {
    super(message);
    this.command = command;
  }

  public String command() {
    return command;
  }
}
