package dev.modelgate.integrity;

/**
 * A model, key or signature that cannot be hashed, signed or verified: a symlink leaving the
 * model, a special file, a malformed bundle, a bad signature, a changed file. The message names
 * the file or field at fault.
 */
public class IntegrityException extends Exception {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message) {
    super(message);
  }

  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
