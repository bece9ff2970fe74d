package dev.modelgate.report;

import dev.modelgate.ModelGate;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Suppression;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code modelgate.scan/v1} JSON document of the command-line contract. */
public final class JsonReport {
  public static final String SCHEMA = "modelgate.scan/v1";

  private JsonReport() {}

  public static String render(ScanReport report) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("name", ModelGate.NAME);
    tool.put("version", ModelGate.VERSION);
    doc.put("tool", tool);
    List<Object> results = new ArrayList<>();
    for (ScanResult r : report.results()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", r.path());
      m.put("format", r.format());
      m.put("size", r.size());
      m.put("sha256", r.sha256());
      m.put("verdict", r.verdict().label());
      List<Object> fs = new ArrayList<>();
      for (Finding f : r.findings()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("rule", f.rule());
        fm.put("severity", f.severity().label());
        fm.put("message", f.message());
        fm.put("location", f.location());
        fm.put("evidence", f.evidence());
        Suppression sup = f.suppression();
        if (sup != null) {
          fm.put("suppressed", suppression(sup));
        }
        fs.add(fm);
      }
      m.put("findings", fs);
      results.add(m);
    }
    doc.put("results", results);
    Map<Verdict, Integer> s = report.summary();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("files", report.files());
    summary.put("clean", s.get(Verdict.CLEAN));
    summary.put("suspicious", s.get(Verdict.SUSPICIOUS));
    summary.put("malicious", s.get(Verdict.MALICIOUS));
    summary.put("invalid", s.get(Verdict.INVALID));
    // only when used, so the summary of a plain scan stays exactly the contract's
    int suppressed = report.suppressed();
    if (suppressed > 0) {
      summary.put("suppressed", suppressed);
    }
    if (report.baselineKnown() != null) {
      summary.put("baseline_known", report.baselineKnown());
    }
    doc.put("summary", summary);
    return JsonWriter.write(doc, true) + "\n";
  }

  static Map<String, Object> suppression(Suppression s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reason", s.reason());
    m.put("source", s.source());
    LocalDate expires = s.expires();
    m.put("expires", expires == null ? null : expires.toString());
    return m;
  }
}
