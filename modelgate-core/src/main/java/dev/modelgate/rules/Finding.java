package dev.modelgate.rules;

import java.util.Objects;

/**
 * One observation about a file.
 *
 * @param rule stable rule id, e.g. {@code pickle.dangerous-call}
 * @param verdict what this finding makes the file at least ({@link Verdict#CLEAN} for notes)
 * @param message one sentence a user can act on
 * @param location member and byte offset, e.g. {@code archive/data.pkl@57}; empty when global
 * @param evidence the offending thing as text, e.g. {@code os.system('touch /tmp/x')}; may be empty
 */
public record Finding(String rule, Verdict verdict, String message, String location,
    String evidence) {

  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(message, "message");
    location = location == null ? "" : location;
    evidence = evidence == null ? "" : evidence;
  }

  public Severity severity() {
    return Severity.of(verdict);
  }
}
