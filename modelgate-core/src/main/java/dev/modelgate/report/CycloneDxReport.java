package dev.modelgate.report;

import dev.modelgate.ModelGate;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Suppression;
import dev.modelgate.rules.Verdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A CycloneDX 1.6 ML-BOM (JSON): one component per scanned file ({@link
 * ScanReport#judgedFiles()}), of type {@code machine-learning-model} for model formats and
 * {@code file} otherwise, with its sha256, format, size and verdict; container members nest as
 * components of their container. Each finding that is not a note is a vulnerability affecting its
 * component; a suppressed one carries an analysis ({@code not_affected}) with the reason.
 */
public final class CycloneDxReport {
  public static final String SPEC_VERSION = "1.6";
  /** Formats that are containers or not models: their components are of type {@code file}. */
  private static final Set<String> NOT_MODELS = Set.of("unknown", "directory", "modelgate-ignore",
      "zip", "tar", "7z", "compressed", "chat-template");

  private CycloneDxReport() {}

  public static String render(ScanReport report) {
    return render(report, "urn:uuid:" + UUID.randomUUID(), Instant.now());
  }

  /** With a given serial number and time, so tests and reproducible pipelines get stable bytes. */
  public static String render(ScanReport report, String serialNumber, Instant timestamp) {
    List<ScanResult> results = report.results();
    int[] parent = report.containers();
    List<Map<String, Object>> nodes = new ArrayList<>(results.size());
    for (ScanResult r : results) {
      nodes.add(component(r));
    }
    Set<ScanResult> judged = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    judged.addAll(report.judgedFiles());
    List<Object> top = new ArrayList<>();
    Map<Integer, List<Object>> children = new HashMap<>();
    for (int i = 0; i < results.size(); i++) {
      if (judged.contains(results.get(i))) {
        top.add(nodes.get(i));
      } else if (parent[i] >= 0 && !results.get(parent[i]).format().equals("directory")) {
        children.computeIfAbsent(parent[i], k -> new ArrayList<>()).add(nodes.get(i));
      }
    }
    children.forEach((i, cs) -> nodes.get(i).put("components", cs));
    List<Object> vulnerabilities = new ArrayList<>();
    for (ScanResult r : results) {
      for (Finding f : r.findings()) {
        if (f.verdict() != Verdict.CLEAN) {
          vulnerabilities.add(vulnerability(r, f, vulnerabilities.size() + 1));
        }
      }
    }
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("type", "application");
    tool.put("name", ModelGate.NAME);
    tool.put("version", ModelGate.VERSION);
    tool.put("externalReferences", List.of(Map.of("type", "website", "url", ModelGate.URL)));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.put("tools", Map.of("components", List.of(tool)));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
    doc.put("bomFormat", "CycloneDX");
    doc.put("specVersion", SPEC_VERSION);
    doc.put("serialNumber", serialNumber);
    doc.put("version", 1);
    doc.put("metadata", metadata);
    doc.put("components", top);
    if (!vulnerabilities.isEmpty()) {
      doc.put("vulnerabilities", vulnerabilities);
    }
    return JsonWriter.write(doc, true) + "\n";
  }

  private static Map<String, Object> component(ScanResult r) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", NOT_MODELS.contains(r.format()) ? "file" : "machine-learning-model");
    c.put("bom-ref", r.path());
    c.put("name", name(r.path()));
    if (r.sha256() != null) {
      c.put("hashes", List.of(Map.of("alg", "SHA-256", "content", r.sha256())));
    }
    List<Object> props = new ArrayList<>();
    props.add(property("modelgate:path", r.path()));
    props.add(property("modelgate:format", r.format()));
    props.add(property("modelgate:size", Long.toString(r.size())));
    props.add(property("modelgate:verdict", r.verdict().label()));
    c.put("properties", props);
    return c;
  }

  private static Map<String, Object> vulnerability(ScanResult r, Finding f, int n) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("bom-ref", "finding-" + n);
    v.put("id", f.rule());
    v.put("source", Map.of("name", ModelGate.NAME, "url", ModelGate.URL + "/blob/main/docs/rules.md"));
    v.put("ratings", List.of(Map.of("severity", f.severity().label(), "method", "other",
        "justification", "modelgate verdict " + f.verdict().label())));
    v.put("description", f.message());
    if (!f.evidence().isEmpty()) {
      v.put("detail", SarifResults.clip(f.evidence()));
    }
    Suppression sup = f.suppression();
    if (sup != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("state", "not_affected");
      a.put("detail", "suppressed by " + sup.source() + ": " + sup.reason()
          + (sup.expires() == null ? "" : " (until " + sup.expires() + ")"));
      v.put("analysis", a);
    }
    v.put("affects", List.of(Map.of("ref", r.path())));
    List<Object> props = new ArrayList<>();
    if (!f.location().isEmpty()) {
      props.add(property("modelgate:location", f.location()));
    }
    props.add(property("modelgate:verdict", f.verdict().label()));
    v.put("properties", props);
    return v;
  }

  private static Map<String, Object> property(String name, String value) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("value", value);
    return p;
  }

  /** The last path element: {@code a/b.pt} → {@code b.pt}, {@code x.zip!/in/c.pkl} → {@code c.pkl}. */
  static String name(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    return cut < 0 || cut == p.length() - 1 ? p : p.substring(cut + 1);
  }
}
