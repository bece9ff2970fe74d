package dev.modelgate.report;

import dev.modelgate.rules.Rule;
import dev.modelgate.rules.RuleCatalogue;
import dev.modelgate.rules.Severity;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code docs/rules.md}, the rule list SARIF's {@code helpUri} points into, from the
 * rule catalogue: rules grouped by area, each under an anchor {@link Rule#anchor()}.
 *
 * <p>The committed file lists the rules of every module the CLI ships (its test,
 * {@code RulesDocTest} in modelgate-cli, fails when the file is stale). Regenerate it after
 * changing a {@code .rules} file with {@link #REGENERATE}.
 */
public final class RulesDoc {
  /** The command that rewrites {@code docs/rules.md} (java: a JDK 21 or newer). */
  public static final String REGENERATE = "./mvnw -B -ntp -q package -DskipTests && java -cp"
      + " modelgate-cli/target/modelgate.jar dev.modelgate.report.RulesDoc docs/rules.md";

  private RulesDoc() {}

  /** Writes the rule list of every module on the class path to {@code args[0]}, or stdout. */
  public static void main(String[] args) throws IOException {
    String text = render(RuleCatalogue.get().all());
    if (args.length == 0) {
      System.out.print(text);
    } else {
      Files.writeString(Path.of(args[0]), text, StandardCharsets.UTF_8);
    }
  }

  /** The markdown document for {@code rules}, in their order, grouped by area. */
  public static String render(Collection<Rule> rules) {
    Map<String, List<Rule>> byArea = new LinkedHashMap<>();
    for (Rule r : rules) {
      byArea.computeIfAbsent(r.area(), a -> new ArrayList<>()).add(r);
    }
    StringBuilder b = new StringBuilder();
    b.append("# modelgate rules\n\n")
        .append("<!-- Generated from the rule catalogue (META-INF/modelgate/rules/*.rules) by ")
        .append("dev.modelgate.report.RulesDoc; do not edit. Regenerate with:\n     ")
        .append(REGENERATE).append(" -->\n\n")
        .append("Every finding modelgate reports names one of these ").append(rules.size())
        .append(" rules. The verdict is the worst a finding of the rule implies (some are ")
        .append("reported milder where the context says so); it sets the severity shown in ")
        .append("text and JSON reports and the level and security severity in SARIF:\n\n")
        .append("| verdict | severity | SARIF level | GitHub security-severity |\n")
        .append("|---|---|---|---|\n");
    for (Verdict v : List.of(Verdict.MALICIOUS, Verdict.INVALID, Verdict.SUSPICIOUS,
        Verdict.CLEAN)) {
      Severity s = Severity.of(v);
      b.append("| ").append(v.label()).append(" | ").append(s.label()).append(" | ")
          .append(SarifRules.level(v)).append(" | ").append(SarifRules.securitySeverity(v))
          .append(" (").append(SarifRules.githubBand(v)).append(") |\n");
    }
    b.append("\nNotes (verdict clean) never change a file's verdict and are left out of SARIF.")
        .append("\n\n## Areas\n\n");
    for (Map.Entry<String, List<Rule>> e : byArea.entrySet()) {
      b.append("- [`").append(e.getKey()).append("`](#area-").append(e.getKey()).append(") (")
          .append(e.getValue().size()).append(e.getValue().size() == 1 ? " rule" : " rules")
          .append(")\n");
    }
    for (Map.Entry<String, List<Rule>> e : byArea.entrySet()) {
      b.append("\n<a name=\"area-").append(e.getKey()).append("\"></a>\n## `")
          .append(e.getKey()).append("`\n");
      for (Rule r : e.getValue()) {
        rule(b, r);
      }
    }
    return b.toString();
  }

  private static void rule(StringBuilder b, Rule r) {
    b.append("\n<a name=\"").append(r.anchor()).append("\"></a>\n### `").append(r.id())
        .append("`\n\n**").append(r.verdict().label()).append("** (severity ")
        .append(r.severity().label()).append(") · ").append(markdown(r.title())).append("\n\n")
        .append(markdown(r.description())).append("\n\n**What to do:** ")
        .append(markdown(r.help())).append("\n\n*Tags:* ").append(String.join(", ", r.tags()))
        .append(" · *precision:* ").append(r.precision()).append('\n');
  }

  /** Plain catalogue text as markdown: characters markdown would read as markup are escaped. */
  static String markdown(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      switch (c) {
        case '\\', '`', '*', '_', '[', ']', '|', '#' -> b.append('\\').append(c);
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
