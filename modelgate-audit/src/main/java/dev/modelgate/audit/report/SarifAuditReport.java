package dev.modelgate.audit.report;

import dev.modelgate.ModelGate;
import dev.modelgate.audit.AuditReport;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRules;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.report.SarifRules;
import dev.modelgate.rules.Rule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for GitHub code scanning: every finding on its file, line and column (UTF-16 code
 * units), suppressed findings carrying an in-source suppression with its justification. The
 * rules in {@code tool.driver.rules} are the audit's catalogued rules, described by the core's
 * {@link SarifRules} exactly as {@code modelgate scan}'s SARIF describes its rules (title,
 * description, help with a link into {@code docs/rules.md}, tags, precision and
 * {@code security-severity}).
 */
public final class SarifAuditReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifAuditReport() {}

  public static String render(AuditReport report) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Object> rules = new ArrayList<>();
    for (Rule r : AuditRules.all()) {
      index.put(r.id(), rules.size());
      rules.add(SarifRules.descriptor(r));
    }
    List<Object> results = new ArrayList<>();
    for (AuditFinding f : report.findings()) {
      if (!index.containsKey(f.rule())) {
        index.put(f.rule(), rules.size());
        rules.add(SarifRules.uncatalogued(f.rule(), AuditRules.verdictOf(f.severity())));
      }
      results.add(result(f, index.get(f.rule())));
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", ModelGate.NAME);
    driver.put("version", ModelGate.VERSION);
    driver.put("semanticVersion", ModelGate.VERSION);
    driver.put("informationUri", ModelGate.URL);
    driver.put("rules", rules);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("columnKind", "utf16CodeUnits");
    run.put("results", results);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("$schema", SCHEMA);
    doc.put("version", "2.1.0");
    doc.put("runs", List.of(run));
    return JsonWriter.write(doc, true) + "\n";
  }

  private static Map<String, Object> result(AuditFinding f, int ruleIndex) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.rule());
    m.put("ruleIndex", ruleIndex);
    m.put("level", SarifRules.level(AuditRules.verdictOf(f.severity())));
    m.put("message", Map.of("text", f.message()));
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", Map.of("uri", uri(f.path())));
    if (f.line() > 0) {
      Map<String, Object> region = new LinkedHashMap<>();
      region.put("startLine", f.line());
      if (f.column() > 0) {
        region.put("startColumn", f.column());
      }
      if (f.endLine() >= f.line() && f.endColumn() > 0) {
        region.put("endLine", f.endLine());
        region.put("endColumn", f.endColumn());
      }
      if (!f.evidence().isEmpty()) {
        region.put("snippet", Map.of("text", f.evidence()));
      }
      physical.put("region", region);
    }
    m.put("locations", List.of(Map.of("physicalLocation", physical)));
    if (f.suppressed()) {
      m.put("suppressions", List.of(Map.of("kind", "inSource", "justification",
          f.suppression())));
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("severity", f.severity().label());
    props.putAll(f.details());
    m.put("properties", props);
    return m;
  }

  /** A relative URI for a relative path; a file: URI for an absolute one. */
  static String uri(String path) {
    String p = path.replace('\\', '/');
    if (Path.of(path).isAbsolute()) {
      return Path.of(path).toUri().toString();
    }
    try {
      return new URI(null, null, p, null).getRawPath();
    } catch (URISyntaxException e) {
      return p.replaceAll("[^A-Za-z0-9/._~-]", "_");
    }
  }
}
