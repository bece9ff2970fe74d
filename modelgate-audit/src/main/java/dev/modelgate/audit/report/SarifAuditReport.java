package dev.modelgate.audit.report;

import dev.modelgate.ModelGate;
import dev.modelgate.audit.AuditReport;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRule;
import dev.modelgate.audit.rules.Rules;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for GitHub code scanning: every finding on its file, line and column (UTF-16 code
 * units), rules with descriptions, help and a {@code security-severity}, suppressed findings
 * carrying an in-source suppression with its justification.
 */
public final class SarifAuditReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifAuditReport() {}

  public static String render(AuditReport report) {
    List<AuditRule> rules = Rules.all();
    List<Object> ruleObjects = new ArrayList<>();
    for (AuditRule r : rules) {
      ruleObjects.add(rule(r));
    }
    List<Object> results = new ArrayList<>();
    for (AuditFinding f : report.findings()) {
      results.add(result(f, rules));
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", ModelGate.NAME);
    driver.put("version", ModelGate.VERSION);
    driver.put("semanticVersion", ModelGate.VERSION);
    driver.put("informationUri", ModelGate.URL);
    driver.put("rules", ruleObjects);
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

  private static Map<String, Object> rule(AuditRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.id());
    m.put("shortDescription", Map.of("text", r.title()));
    m.put("fullDescription", Map.of("text", r.description()));
    m.put("help", Map.of("text", r.fix(), "markdown", "**Fix:** " + r.fix()));
    m.put("defaultConfiguration", Map.of("level", level(r.severity())));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("tags", List.of("security"));
    props.put("security-severity", securitySeverity(r.severity()));
    m.put("properties", props);
    return m;
  }

  private static Map<String, Object> result(AuditFinding f, List<AuditRule> rules) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.rule());
    int index = -1;
    for (int k = 0; k < rules.size(); k++) {
      if (rules.get(k).id().equals(f.rule())) {
        index = k;
      }
    }
    if (index >= 0) {
      m.put("ruleIndex", index);
    }
    m.put("level", level(f.severity()));
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

  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case INFO -> "note";
    };
  }

  /** GitHub's 0–10 scale: critical ≥ 9, high ≥ 7, medium ≥ 4. */
  private static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.0";
      case INFO -> "1.0";
    };
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
