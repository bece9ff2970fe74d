package dev.modelgate.report;

import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Suppression;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One SARIF {@code result} per finding: level, message, location and fingerprints. */
final class SarifResults {
  /** Long messages and evidence are cut: a hostile file must not inflate the report. */
  static final int MAX_TEXT = 2000;

  private SarifResults() {}

  static Map<String, Object> result(SarifReport.Reported x, int ruleIndex,
      SarifFingerprints fingerprints) {
    Finding f = x.finding();
    SarifPaths.Artifact a = x.artifact();
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
    String member = a.member();
    String logical = member.isEmpty() ? inner : inner.isEmpty() ? member : member + "/" + inner;
    if (offset >= 0 && !logical.isEmpty()) {
      logical = logical + "@" + offset;
    }
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("uri", a.uri());
    if (a.relative()) {
      artifact.put("uriBaseId", SarifPaths.SRCROOT);
    }
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", artifact);
    if (offset >= 0 && member.isEmpty() && inner.isEmpty()) {
      // a byte region of the file itself; no startLine: the file is binary
      physical.put("region", Map.of("byteOffset", offset));
    }
    Map<String, Object> loc = new LinkedHashMap<>();
    loc.put("physicalLocation", physical);
    if (!logical.isEmpty()) {
      loc.put("logicalLocations", List.of(Map.of("fullyQualifiedName", clip(logical),
          "kind", "member")));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.rule());
    m.put("ruleIndex", ruleIndex);
    m.put("level", SarifRules.level(f.verdict()));
    m.put("message", Map.of("text", clip(f.message()
        + (f.evidence().isEmpty() ? "" : ": " + f.evidence()))));
    m.put("locations", List.of(loc));
    m.put("partialFingerprints", fingerprints.of(f.rule(), a.uri(), logical, f.evidence()));
    Suppression sup = f.suppression();
    if (sup != null) {
      // a reviewed ignore entry: code scanning shows the alert as dismissed, with the reason
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("kind", "external");
      s.put("status", "accepted");
      s.put("justification", clip(sup.reason()));
      Map<String, Object> sp = new LinkedHashMap<>();
      sp.put("source", sup.source());
      LocalDate expires = sup.expires();
      if (expires != null) {
        sp.put("expires", expires.toString());
      }
      s.put("properties", sp);
      m.put("suppressions", List.of(s));
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("verdict", f.verdict().label());
    props.put("severity", f.severity().label());
    props.put("evidence", clip(f.evidence()));
    props.put("path", x.result().path());
    m.put("properties", props);
    return m;
  }

  static String clip(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
  }
}
