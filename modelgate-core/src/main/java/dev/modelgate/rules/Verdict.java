package dev.modelgate.rules;

import java.util.Locale;

/** A file's verdict, ordered from best to worst as the contract defines. */
public enum Verdict {
  /** Nothing can run code or reach outside the file at load time; structure valid. */
  CLEAN,
  /** References callables or features outside the allowlist that are not known to be dangerous. */
  SUSPICIOUS,
  /** Malformed or hostile structure; must not be loaded. */
  INVALID,
  /** Can run code, touch files or reach the network at load time. */
  MALICIOUS;

  public static Verdict worst(Verdict a, Verdict b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Lower-case name used in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
