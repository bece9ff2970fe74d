package dev.modelgate.audit.deps;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.rules.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads OSV JSON (https://ossf.github.io/osv-schema/) entries: PyPI packages only, ECOSYSTEM
 * ranges (introduced/fixed/last_affected events), explicit {@code versions[]}; withdrawn entries
 * are skipped. Versions that are not PEP 440 are ignored one by one, not the whole entry.
 */
final class OsvReader {
  private OsvReader() {}

  /** Parses one entry; null when withdrawn or when it affects no PyPI package. */
  static Advisory read(byte[] json, String origin) throws DependencyFileException {
    Object doc;
    try {
      doc = Json.parse(json);
    } catch (JsonException e) {
      throw new DependencyFileException(origin + ": " + e.getMessage(), 0);
    }
    return read(TomlFiles.map(doc), origin);
  }

  static Advisory read(Map<?, ?> d, String origin) throws DependencyFileException {
    if (!(d.get("id") instanceof String id)) {
      throw new DependencyFileException(origin + ": OSV entry without an id", 0);
    }
    if (d.get("withdrawn") instanceof String) {
      return null;
    }
    List<Advisory.Affected> affected = new ArrayList<>();
    for (Object o : TomlFiles.list(d.get("affected"))) {
      Map<?, ?> a = TomlFiles.map(o);
      Map<?, ?> pkg = TomlFiles.map(a.get("package"));
      if (!"PyPI".equals(pkg.get("ecosystem")) || !(pkg.get("name") instanceof String name)) {
        continue;
      }
      List<Interval> ranges = new ArrayList<>();
      List<Version> fixed = new ArrayList<>();
      for (Object r : TomlFiles.list(a.get("ranges"))) {
        Map<?, ?> range = TomlFiles.map(r);
        if (!"ECOSYSTEM".equals(range.get("type"))) {
          continue; // GIT ranges name commits, not releases
        }
        ranges(TomlFiles.list(range.get("events")), ranges, fixed);
      }
      Set<Version> versions = new HashSet<>();
      for (Object v : TomlFiles.list(a.get("versions"))) {
        Version parsed = v instanceof String s ? Version.tryParse(s) : null;
        if (parsed != null) {
          versions.add(parsed);
        }
      }
      affected.add(new Advisory.Affected(Dependency.normalize(name), List.copyOf(ranges),
          Set.copyOf(versions), List.copyOf(fixed)));
    }
    if (affected.isEmpty()) {
      return null;
    }
    Set<String> aliases = new LinkedHashSet<>();
    for (Object a : TomlFiles.list(d.get("aliases"))) {
      if (a instanceof String s) {
        aliases.add(s);
      }
    }
    String summary = d.get("summary") instanceof String s ? s
        : d.get("details") instanceof String det ? firstSentence(det) : "";
    return new Advisory(id, List.copyOf(aliases), summary, severity(d), List.copyOf(affected),
        source(d, id));
  }

  /** OSV events in order: introduced opens an interval, fixed / last_affected close it. */
  private static void ranges(List<?> events, List<Interval> out, List<Version> fixed) {
    Version start = null;
    boolean open = false;
    for (Object o : events) {
      Map<?, ?> e = TomlFiles.map(o);
      if (e.get("introduced") instanceof String s) {
        start = s.equals("0") ? null : Version.tryParse(s);
        open = s.equals("0") || start != null;
      } else if (e.get("fixed") instanceof String s && open) {
        Version v = Version.tryParse(s);
        if (v != null) {
          out.add(new Interval(start, true, v, false));
          fixed.add(v);
        }
        open = false;
      } else if (e.get("last_affected") instanceof String s && open) {
        Version v = Version.tryParse(s);
        if (v != null) {
          out.add(new Interval(start, true, v, true));
        }
        open = false;
      }
    }
    if (open) {
      out.add(new Interval(start, true, null, false));
    }
  }

  private static Severity severity(Map<?, ?> d) {
    Object s = TomlFiles.map(d.get("database_specific")).get("severity");
    if (s instanceof String label) {
      return switch (label.toUpperCase(Locale.ROOT)) {
        case "CRITICAL" -> Severity.CRITICAL;
        case "HIGH" -> Severity.HIGH;
        case "MODERATE", "MEDIUM", "LOW" -> Severity.MEDIUM;
        default -> Severity.HIGH;
      };
    }
    return Severity.HIGH; // unknown severity: treated as high rather than hidden
  }

  private static String source(Map<?, ?> d, String id) {
    Object s = TomlFiles.map(d.get("database_specific")).get("source");
    if (s instanceof String link && link.startsWith("https://")) {
      return link;
    }
    for (Object r : TomlFiles.list(d.get("references"))) {
      Object url = TomlFiles.map(r).get("url");
      if (url instanceof String u && u.startsWith("https://")) {
        return u;
      }
    }
    return "https://osv.dev/vulnerability/" + id;
  }

  private static String firstSentence(String s) {
    String one = s.replace('\n', ' ').strip();
    int dot = one.indexOf(". ");
    one = dot > 0 ? one.substring(0, dot + 1) : one;
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }
}
