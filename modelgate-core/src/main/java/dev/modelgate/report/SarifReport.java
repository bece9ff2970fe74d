package dev.modelgate.report;

import dev.modelgate.ModelGate;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 for code-scanning dashboards. A finding's file is the top-level file on disk; the
 * member inside a container and the byte offset go into a logical location and the region's
 * {@code byteOffset}. Notes (findings that do not change the verdict) are not reported.
 */
public final class SarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  public static String render(ScanReport report) {
    Map<String, Map<String, Object>> rules = new TreeMap<>();
    List<Object> results = new ArrayList<>();
    java.util.Set<String> folders = new java.util.HashSet<>();
    for (ScanResult r : report.results()) {
      if (r.topLevel() && r.format().equals("directory")) {
        folders.add(r.path());
      }
    }
    for (ScanResult r : report.results()) {
      for (Finding f : r.findings()) {
        if (f.verdict() == Verdict.CLEAN) {
          continue;
        }
        rules.computeIfAbsent(f.rule(), id -> rule(id, f));
        results.add(result(r, f, folders));
      }
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", ModelGate.NAME);
    driver.put("version", ModelGate.VERSION);
    driver.put("semanticVersion", ModelGate.VERSION);
    driver.put("informationUri", ModelGate.URL);
    driver.put("rules", new ArrayList<>(rules.values()));
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("columnKind", "unicodeCodePoints");
    run.put("results", results);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("$schema", SCHEMA);
    doc.put("version", "2.1.0");
    doc.put("runs", List.of(run));
    return JsonWriter.write(doc, true) + "\n";
  }

  private static Map<String, Object> rule(String id, Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", id);
    m.put("shortDescription", Map.of("text", id));
    m.put("defaultConfiguration", Map.of("level", level(f.verdict())));
    return m;
  }

  private static Map<String, Object> result(ScanResult r, Finding f,
      java.util.Set<String> folders) {
    String file = r.path();
    String member = "";
    int bang = file.indexOf("!/");
    if (bang >= 0 && folders.contains(file.substring(0, bang))) {
      // a file of a scanned folder is a file on disk: folder!/a/b.pt is folder/a/b.pt
      file = file.substring(0, bang) + "/" + file.substring(bang + 2);
      bang = file.indexOf("!/");
    }
    if (bang >= 0) {
      member = file.substring(bang + 2);
      file = file.substring(0, bang);
    }
    String inner = f.location();
    long offset = -1;
    int at = inner.lastIndexOf('@');
    if (at >= 0) {
      try {
        offset = Long.parseLong(inner.substring(at + 1));
        inner = inner.substring(0, at);
      } catch (NumberFormatException e) {
        offset = -1;
      }
    }
    String logical = member.isEmpty() ? inner : inner.isEmpty() ? member : member + "/" + inner;
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", Map.of("uri", uri(file)));
    if (offset >= 0 && bang < 0 && inner.isEmpty()) {
      physical.put("region", Map.of("byteOffset", offset));
    }
    Map<String, Object> loc = new LinkedHashMap<>();
    loc.put("physicalLocation", physical);
    if (!logical.isEmpty()) {
      loc.put("logicalLocations", List.of(Map.of("fullyQualifiedName",
          offset >= 0 ? logical + "@" + offset : logical, "kind", "member")));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.rule());
    m.put("level", level(f.verdict()));
    m.put("message", Map.of("text", f.message()
        + (f.evidence().isEmpty() ? "" : ": " + f.evidence())));
    m.put("locations", List.of(loc));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("verdict", f.verdict().label());
    props.put("severity", f.severity().label());
    props.put("evidence", f.evidence());
    props.put("path", r.path());
    m.put("properties", props);
    return m;
  }

  private static String level(Verdict v) {
    return switch (v) {
      case MALICIOUS, INVALID -> "error";
      case SUSPICIOUS -> "warning";
      case CLEAN -> "note";
    };
  }

  /** A relative URI reference for a path, percent-encoding what URIs do not allow. */
  static String uri(String path) {
    String p = path.replace('\\', '/');
    try {
      return new URI(null, null, p, null).getRawPath();
    } catch (URISyntaxException e) {
      return p.replaceAll("[^A-Za-z0-9/._~-]", "_");
    }
  }
}
