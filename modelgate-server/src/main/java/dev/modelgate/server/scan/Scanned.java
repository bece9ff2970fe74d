package dev.modelgate.server.scan;

import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scan of one file: its format, its verdict (the worst of itself and its members) and every
 * finding, each with the path of the file or member it was found in.
 */
public record Scanned(String format, Verdict verdict, List<Located> findings, ScanReport report) {

  /** A finding and where it was found ({@code file} or {@code file!/member}). */
  public record Located(String path, Finding finding) {}

  public Scanned {
    findings = List.copyOf(findings);
  }

  public static Scanned of(ScanReport report) {
    List<ScanResult> rs = report.results();
    ScanResult top = rs.get(0);
    List<Located> fs = new ArrayList<>();
    for (ScanResult r : rs) {
      for (Finding f : r.findings()) {
        fs.add(new Located(r.path(), f));
      }
    }
    return new Scanned(top.format(), top.verdict(), fs, report);
  }

  /** Findings as JSON maps in the modelgate.scan/v1 shape, plus the {@code path} they are in. */
  public static List<Map<String, Object>> json(List<Located> fs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Located l : fs) {
      Finding f = l.finding();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule", f.rule());
      m.put("severity", f.severity().label());
      m.put("message", f.message());
      m.put("location", f.location());
      m.put("evidence", f.evidence());
      m.put("path", l.path());
      out.add(m);
    }
    return out;
  }

  public String findingsJson() {
    return findingsJson(findings);
  }

  public static String findingsJson(List<Located> fs) {
    return JsonWriter.write(json(fs), false);
  }
}
