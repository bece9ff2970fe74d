package dev.modelgate.cli.args;

/**
 * A positional parameter: {@code PATH...} takes one or more, {@code [OUT]} none or one.
 *
 * @param min how many must be given
 * @param max how many may be given ({@link Integer#MAX_VALUE}: any number)
 */
public record Param(String label, String help, int min, int max) {
  public static final int MANY = Integer.MAX_VALUE;

  public Param {
    if (min < 0 || max < min || max == 0) {
      throw new IllegalArgumentException("bad arity " + min + ".." + max + " for " + label);
    }
  }

  public static Param one(String label, String help) {
    return new Param(label, help, 1, 1);
  }

  public static Param optional(String label, String help) {
    return new Param(label, help, 0, 1);
  }

  public static Param many(String label, String help) {
    return new Param(label, help, 1, MANY);
  }

  /** How help's usage line shows it: {@code PATH...}, {@code [OUT]}. */
  String usage() {
    String s = max > 1 ? label + "..." : label;
    return min == 0 ? "[" + s + "]" : s;
  }
}
