package dev.modelgate.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parser of one {@code .rules} file (the block format is described in {@link RuleCatalogue}).
 * Strict: an unknown key, a missing field or a malformed id names the file and line, so a typo
 * fails the build instead of rendering half a rule.
 */
final class RuleFile {
  /** {@code area.name}: lower-case words joined by dashes, at least one dot. */
  static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+");
  static final Set<String> PRECISIONS = Set.of("very-high", "high", "medium", "low");
  private static final List<String> KEYS =
      List.of("verdict", "tags", "precision", "title", "description", "help");
  private static final List<String> REQUIRED = List.of("verdict", "title", "description", "help");

  private RuleFile() {}

  static List<Rule> parse(String file, String text) {
    List<Rule> out = new ArrayList<>();
    String id = null;
    Map<String, String> fields = new LinkedHashMap<>();
    String last = null;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].stripTrailing();
      String where = file + ":" + (n + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        last = line.isEmpty() ? null : last;
        continue;
      }
      if (line.startsWith("[")) {
        if (id != null) {
          out.add(rule(file, id, fields));
        }
        if (!line.endsWith("]") || !ID.matcher(line.substring(1, line.length() - 1)).matches()) {
          throw new IllegalStateException(where + ": malformed rule header " + line
              + " (expected [area.name] in lower case)");
        }
        id = line.substring(1, line.length() - 1);
        fields = new LinkedHashMap<>();
        last = null;
      } else if (line.startsWith("  ") && last != null) {
        fields.merge(last, line.strip(), (a, b) -> a + " " + b);
      } else {
        int eq = line.indexOf('=');
        if (id == null || eq < 0) {
          throw new IllegalStateException(where + ": expected '[rule.id]' or 'key = value'");
        }
        last = line.substring(0, eq).strip();
        if (!KEYS.contains(last)) {
          throw new IllegalStateException(where + ": " + id + " has an unknown field " + last);
        }
        if (fields.put(last, line.substring(eq + 1).strip()) != null) {
          throw new IllegalStateException(where + ": " + last + " given twice for " + id);
        }
      }
    }
    if (id != null) {
      out.add(rule(file, id, fields));
    }
    return out;
  }

  private static Rule rule(String file, String id, Map<String, String> f) {
    for (String key : REQUIRED) {
      if (f.getOrDefault(key, "").isEmpty()) {
        throw new IllegalStateException(file + ": " + id + " has no " + key);
      }
    }
    Verdict v;
    try {
      v = Verdict.valueOf(required(f, "verdict").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + ": " + id + " has an unknown verdict "
          + f.get("verdict"), e);
    }
    String precision = f.getOrDefault("precision", defaultPrecision(v));
    if (!PRECISIONS.contains(precision)) {
      throw new IllegalStateException(file + ": " + id + " has an unknown precision "
          + precision + " (very-high, high, medium or low)");
    }
    // every rule is a security rule (GitHub applies security-severity only to those) of its area
    Set<String> tags = new LinkedHashSet<>(List.of("security", Rule.areaOf(id)));
    for (String t : f.getOrDefault("tags", "").split(",", 0)) {
      if (!t.isBlank()) {
        tags.add(t.strip());
      }
    }
    return new Rule(id, v, required(f, "title"), required(f, "description"),
        required(f, "help"), List.copyOf(tags), precision);
  }

  /** A {@link #REQUIRED} field, which {@link #rule} checked is there. */
  private static String required(Map<String, String> f, String key) {
    return Objects.requireNonNull(f.get(key), key);
  }

  /**
   * Structural checks are exact (very-high); dangerous-name and traversal rules are right but
   * can name code a user trusts (high); "outside the allowlist" is a judgement call (medium).
   */
  private static String defaultPrecision(Verdict v) {
    return switch (v) {
      case INVALID -> "very-high";
      case MALICIOUS, CLEAN -> "high";
      case SUSPICIOUS -> "medium";
    };
  }
}
