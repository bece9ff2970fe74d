package dev.modelgate.rules;

import java.util.Locale;

/** Severity shown with a finding, derived from the verdict the finding implies. */
public enum Severity {
  INFO, MEDIUM, HIGH, CRITICAL;

  public static Severity of(Verdict v) {
    return switch (v) {
      case CLEAN -> INFO;
      case SUSPICIOUS -> MEDIUM;
      case INVALID -> HIGH;
      case MALICIOUS -> CRITICAL;
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
