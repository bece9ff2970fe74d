package dev.modelgate.rules;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the rule catalogue: what a finding's {@code rule} id means, how bad it is, and
 * what to do about it. Reports render these (SARIF {@code tool.driver.rules}, {@code
 * docs/rules.md}); readers refer to rules by {@link #id()}.
 *
 * @param id stable id, {@code area.name}, e.g. {@code pickle.dangerous-call}
 * @param verdict the worst verdict a finding of this rule implies (its default severity); a
 *     reader may report it milder where the context says so, never worse (the test suites
 *     check this)
 * @param title one sentence, shown as SARIF {@code shortDescription}
 * @param description what was found and why it matters, a short paragraph
 * @param help how to fix it or what to check, a short paragraph
 * @param tags SARIF/GitHub tags, e.g. {@code security}, {@code pickle}
 * @param precision how often a finding of this rule is a true positive, in GitHub's terms:
 *     {@code very-high}, {@code high}, {@code medium} or {@code low}
 */
public record Rule(String id, Verdict verdict, String title, String description, String help,
    List<String> tags, String precision) {

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(precision, "precision");
    tags = List.copyOf(tags);
  }

  public Severity severity() {
    return Severity.of(verdict);
  }

  /** The area before the first dot: {@code pickle} for {@code pickle.dangerous-call}. */
  public String area() {
    return areaOf(id);
  }

  /** The anchor of this rule in {@code docs/rules.md}: the id with dots as dashes. */
  public String anchor() {
    return id.replace('.', '-');
  }

  static String areaOf(String id) {
    int dot = id.indexOf('.');
    return dot < 0 ? id : id.substring(0, dot);
  }
}
