package dev.modelgate.rules;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One observation about a file.
 *
 * @param rule stable rule id, e.g. {@code pickle.dangerous-call}
 * @param verdict what this finding makes the file at least ({@link Verdict#CLEAN} for notes)
 * @param message one sentence a user can act on
 * @param location member and byte offset, e.g. {@code archive/data.pkl@57}; empty when global
 * @param evidence the offending thing as text, e.g. {@code os.system('touch /tmp/x')}; may be empty
 * @param suppression the reviewed ignore entry that keeps this finding from counting toward the
 *     verdict; null for a finding that counts
 */
public record Finding(String rule, Verdict verdict, String message, String location,
    String evidence, @Nullable Suppression suppression) {

  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(message, "message");
    location = location == null ? "" : location;
    evidence = evidence == null ? "" : evidence;
  }

  /** A finding that counts (not suppressed). */
  public Finding(String rule, Verdict verdict, String message, String location,
      String evidence) {
    this(rule, verdict, message, location, evidence, null);
  }

  public boolean suppressed() {
    return suppression != null;
  }

  /** This finding, marked as suppressed by {@code s}. */
  public Finding suppress(Suppression s) {
    return new Finding(rule, verdict, message, location, evidence, Objects.requireNonNull(s));
  }

  public Severity severity() {
    return Severity.of(verdict);
  }
}
