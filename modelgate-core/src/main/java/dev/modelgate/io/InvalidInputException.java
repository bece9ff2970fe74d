package dev.modelgate.io;

import java.io.IOException;
import java.util.Objects;

/**
 * The input is malformed or hostile for the format being read: truncated, out of range, over a
 * limit. The scanner turns it into an {@code invalid} verdict naming {@link #location()}; it is an
 * {@link IOException} because, like one, it means "these bytes could not be read as claimed".
 */
public class InvalidInputException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String rule;
  private final String location;

  /**
   * @param rule finding rule id such as {@code pickle.truncated} or {@code limits.decompression}
   * @param location member and byte offset, e.g. {@code archive/data.pkl@57}; may be empty
   */
  public InvalidInputException(String rule, String message, String location) {
    super(message);
    this.rule = rule;
    this.location = location == null ? "" : location;
  }

  /** Never null: every constructor takes a message, and findings quote it. */
  @Override
  public String getMessage() {
    return Objects.requireNonNullElse(super.getMessage(), rule);
  }

  public String rule() {
    return rule;
  }

  public String location() {
    return location;
  }
}
