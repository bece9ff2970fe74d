package dev.modelgate.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule modelgate reports, read once from the {@code *.rules} files beside this class
 * (listed in {@code index}). The files are data, so the README's rule list and SARIF's rule
 * descriptions come from the same text.
 *
 * <p>File format, one block per rule:
 * <pre>
 * [pickle.dangerous-call]
 * verdict = malicious
 * tags = security, pickle
 * title = One sentence.
 * description = A paragraph; continuation lines
 *   start with two spaces.
 * help = What to do.
 * </pre>
 * Lines starting with {@code #} are comments. A malformed catalogue is a build error, caught by
 * the tests; at run time it fails loudly rather than rendering half a report.
 */
public final class RuleCatalogue {
  private static final String INDEX = "index";
  private static volatile RuleCatalogue instance;

  private final Map<String, Rule> rules;

  private RuleCatalogue(Map<String, Rule> rules) {
    this.rules = Collections.unmodifiableMap(rules);
  }

  /** The catalogue shipped with this build. */
  public static RuleCatalogue get() {
    RuleCatalogue c = instance;
    if (c == null) {
      synchronized (RuleCatalogue.class) {
        c = instance;
        if (c == null) {
          c = load();
          instance = c;
        }
      }
    }
    return c;
  }

  public Optional<Rule> find(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  public boolean contains(String id) {
    return rules.containsKey(id);
  }

  /** Every rule, in catalogue order (grouped by area as the files list them). */
  public Collection<Rule> all() {
    return rules.values();
  }

  private static RuleCatalogue load() {
    Map<String, Rule> out = new LinkedHashMap<>();
    for (String line : read(INDEX).split("\n")) {
      String file = line.strip();
      if (!file.isEmpty() && !file.startsWith("#")) {
        for (Rule r : parse(file, read(file))) {
          if (out.putIfAbsent(r.id(), r) != null) {
            throw new IllegalStateException(file + ": rule " + r.id() + " is defined twice");
          }
        }
      }
    }
    return new RuleCatalogue(out);
  }

  private static String read(String name) {
    try (InputStream in = RuleCatalogue.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("rule catalogue file " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one {@code .rules} file; package-private for the tests. */
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
        if (!line.endsWith("]") || line.length() < 3) {
          throw new IllegalStateException(where + ": malformed rule header " + line);
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
    for (String key : f.keySet()) {
      if (!List.of("verdict", "tags", "title", "description", "help").contains(key)) {
        throw new IllegalStateException(file + ": " + id + " has an unknown field " + key);
      }
    }
    for (String key : List.of("verdict", "title", "description", "help")) {
      if (f.getOrDefault(key, "").isEmpty()) {
        throw new IllegalStateException(file + ": " + id + " has no " + key);
      }
    }
    Verdict v;
    try {
      v = Verdict.valueOf(f.get("verdict").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + ": " + id + " has an unknown verdict "
          + f.get("verdict"), e);
    }
    List<String> tags = new ArrayList<>();
    for (String t : f.getOrDefault("tags", "").split(",")) {
      if (!t.isBlank()) {
        tags.add(t.strip());
      }
    }
    return new Rule(id, v, f.get("title"), f.get("description"), f.get("help"), tags);
  }
}
