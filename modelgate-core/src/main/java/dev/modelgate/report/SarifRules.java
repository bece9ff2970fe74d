package dev.modelgate.report;

import dev.modelgate.ModelGate;
import dev.modelgate.rules.Rule;
import dev.modelgate.rules.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF {@code reportingDescriptor}s for catalogued rules, in the shape GitHub code scanning
 * displays: the title as {@code shortDescription}, the description as {@code fullDescription},
 * {@code help} (text and markdown) with the fix and a link into {@code docs/rules.md},
 * {@code security-severity} (over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, up to 3.9
 * low) and {@code precision}. Public for the other modules' SARIF reports (modelgate-audit), so
 * every SARIF modelgate writes describes a rule the same way.
 */
public final class SarifRules {
  /** Where {@code docs/rules.md} is published; anchors are {@link Rule#anchor()}. */
  static final String RULES_DOC = ModelGate.URL + "/blob/main/docs/rules.md";

  private SarifRules() {}

  public static Map<String, Object> descriptor(Rule r) {
    String url = RULES_DOC + "#" + r.anchor();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", name(r.id()));
    m.put("shortDescription", Map.of("text", r.title()));
    m.put("fullDescription", Map.of("text", r.description()));
    m.put("defaultConfiguration", Map.of("level", level(r.verdict())));
    Map<String, Object> help = new LinkedHashMap<>();
    help.put("text", r.description() + "\n\nWhat to do: " + r.help() + "\n\nRule reference: "
        + url);
    help.put("markdown", RulesDoc.markdown(r.description()) + "\n\n**What to do:** "
        + RulesDoc.markdown(r.help()) + "\n\n[Rule reference](" + url + ")");
    m.put("help", help);
    m.put("helpUri", url);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("tags", r.tags());
    props.put("precision", r.precision());
    props.put("security-severity", securitySeverity(r.verdict()));
    m.put("properties", props);
    return m;
  }

  /** A descriptor for an id missing from the catalogue (a plugin's, or a build without it). */
  public static Map<String, Object> uncatalogued(String id, Verdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name(id));
    m.put("shortDescription", Map.of("text", "A finding of rule " + id
        + ", which this build's rule catalogue does not describe."));
    m.put("defaultConfiguration", Map.of("level", level(v)));
    m.put("properties", Map.of("tags", List.of("security"),
        "security-severity", securitySeverity(v)));
    return m;
  }

  /** How GitHub shows a verdict: SARIF level, security-severity score and its band. */
  private record Shown(String level, String score, String band) {}

  private static Shown shown(Verdict v) {
    return switch (v) {
      case MALICIOUS -> new Shown("error", "9.5", "critical");
      case INVALID -> new Shown("error", "7.5", "high");
      case SUSPICIOUS -> new Shown("warning", "5.0", "medium");
      case CLEAN -> new Shown("note", "2.0", "low");
    };
  }

  /** The SARIF level of a result with this verdict: error, warning or note. */
  public static String level(Verdict v) {
    return shown(v).level();
  }

  /** GitHub's numeric score for the rule's verdict (a string, as GitHub expects). */
  static String securitySeverity(Verdict v) {
    return shown(v).score();
  }

  /** The band GitHub shows for {@link #securitySeverity}. */
  static String githubBand(Verdict v) {
    return shown(v).band();
  }

  /** {@code pickle.dangerous-call} as {@code PickleDangerousCall}: SARIF names are no ids. */
  static String name(String id) {
    StringBuilder b = new StringBuilder();
    for (String part : id.split("[.\\-_]", 0)) {
      if (!part.isEmpty()) {
        b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return b.toString();
  }
}
