package dev.modelgate.rules;

import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a finding is not counted: a reviewed entry of an ignore file. The finding stays in the
 * reports, marked, so a suppression is always visible and never a silent drop.
 *
 * @param reason the justification the entry gives (mandatory)
 * @param source where the entry is, e.g. {@code models/.modelgateignore:4}
 * @param expires the last day the entry applies; null when it does not expire
 */
public record Suppression(String reason, String source, @Nullable LocalDate expires) {
  public Suppression {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(source, "source");
  }
}
