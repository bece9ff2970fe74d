package dev.modelgate.audit.report;

import dev.modelgate.ModelGate;
import dev.modelgate.ScanReport;
import dev.modelgate.audit.AuditReport;
import dev.modelgate.audit.natives.NativeLibraries;
import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.report.JsonReport;
import dev.modelgate.rules.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code modelgate.audit/v1} JSON document (see docs/audit.md for the schema). */
public final class JsonAuditReport {
  public static final String SCHEMA = "modelgate.audit/v1";

  private JsonAuditReport() {}

  public static String render(AuditReport report) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("name", ModelGate.NAME);
    tool.put("version", ModelGate.VERSION);
    doc.put("tool", tool);
    Map<String, Object> adv = new LinkedHashMap<>();
    adv.put("source", report.stats().advisories());
    adv.put("count", report.stats().advisoryCount());
    doc.put("advisories", adv);
    List<Object> findings = new ArrayList<>();
    for (AuditFinding f : report.findings()) {
      findings.add(finding(f));
    }
    doc.put("findings", findings);
    // model files are described exactly as modelgate.scan/v1 results: take them from the
    // core's own renderer rather than spelling the same fields twice
    Object models;
    try {
      models = ((Map<?, ?>) Json.parse(JsonReport.render(new ScanReport(report.models()))))
          .get("results");
    } catch (JsonException e) {
      throw new IllegalStateException("core scan report is not JSON", e);
    }
    doc.put("models", models);
    List<Object> natives = new ArrayList<>();
    for (NativeLibraries.Vendored v : report.natives()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("library", v.library());
      m.put("version", v.version());
      m.put("path", v.file());
      natives.add(m);
    }
    doc.put("natives", natives);
    AuditReport.Stats st = report.stats();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("pythonFiles", st.pythonFiles());
    summary.put("parsedFiles", st.parsed());
    summary.put("dependencyFiles", st.dependencyFiles());
    summary.put("dependencies", st.dependencies());
    summary.put("modelFiles", report.models().size());
    Map<String, Object> sev = new LinkedHashMap<>();
    for (Severity s : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
        Severity.INFO}) {
      sev.put(s.label(), report.bySeverity().get(s));
    }
    summary.put("findings", sev);
    summary.put("suppressed", report.suppressed());
    doc.put("summary", summary);
    return JsonWriter.write(doc, true) + "\n";
  }

  private static Map<String, Object> finding(AuditFinding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", f.rule());
    m.put("severity", f.severity().label());
    m.put("message", f.message());
    m.put("path", f.path());
    m.put("line", f.line());
    m.put("column", f.column());
    m.put("endLine", f.endLine());
    m.put("endColumn", f.endColumn());
    m.put("evidence", f.evidence());
    m.put("fix", Fields.fix(f));
    m.put("suppressed", f.suppressed());
    m.put("suppression", f.suppression());
    m.put("details", f.details());
    return m;
  }
}
