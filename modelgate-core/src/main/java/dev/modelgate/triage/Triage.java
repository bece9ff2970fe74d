package dev.modelgate.triage;

import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies ignore entries and a baseline to a report. Suppressed findings stay, marked; known
 * findings are left out (and counted); verdicts are recomputed from what still counts, up
 * through containers and folders. An expired entry suppresses nothing and is itself a finding
 * ({@code suppression.expired}) on its ignore file, so a lapsed review fails the build.
 */
public final class Triage {
  /** The rule of an expired ignore entry. */
  public static final String EXPIRED = "suppression.expired";

  private Triage() {}

  public static ScanReport apply(ScanReport report, List<IgnoreEntry> entries, Baseline baseline,
      LocalDate today) {
    List<ScanResult> in = report.results();
    int n = in.size();
    int[] parent = report.containers();
    List<List<Finding>> findings = new ArrayList<>(n);
    boolean[] changed = new boolean[n];
    int known = 0;
    for (int i = 0; i < n; i++) {
      ScanResult r = in.get(i);
      List<Finding> kept = new ArrayList<>(r.findings().size());
      for (Finding f : r.findings()) {
        if (f.verdict() == Verdict.CLEAN || f.suppressed()) {
          kept.add(f);
        } else if (baseline != null && baseline.knows(r, f)) {
          known++;
          changed[i] = true;
        } else {
          IgnoreEntry e = match(in, parent, i, f, entries, today);
          kept.add(e == null ? f : f.suppress(e.suppression()));
          changed[i] |= e != null;
        }
      }
      findings.add(kept);
    }
    Verdict[] verdict = new Verdict[n];
    Verdict[] members = new Verdict[n];
    for (int i = n - 1; i >= 0; i--) {
      ScanResult r = in.get(i);
      if (!changed[i]) {
        verdict[i] = r.verdict();
      } else {
        Verdict v = members[i] == null ? Verdict.CLEAN : members[i];
        for (Finding f : findings.get(i)) {
          if (!f.suppressed()) {
            v = Verdict.worst(v, f.verdict());
          }
          if (f.rule().equals("report.truncated")) {
            v = Verdict.worst(v, r.verdict()); // findings not shown cannot be suppressed
          }
        }
        verdict[i] = v;
      }
      if (parent[i] >= 0) {
        changed[parent[i]] |= changed[i];
        members[parent[i]] = members[parent[i]] == null ? verdict[i]
            : Verdict.worst(members[parent[i]], verdict[i]);
      }
    }
    List<ScanResult> out = new ArrayList<>(n + 1);
    for (int i = 0; i < n; i++) {
      ScanResult r = in.get(i);
      out.add(changed[i] ? new ScanResult(r.path(), r.format(), r.size(), r.sha256(), verdict[i],
          findings.get(i), r.topLevel()) : r);
    }
    out.addAll(expired(entries, today));
    Integer baselineKnown = baseline == null ? report.baselineKnown()
        : Integer.valueOf(known + (report.baselineKnown() == null ? 0 : report.baselineKnown()));
    return new ScanReport(out, baselineKnown);
  }

  private static @Nullable IgnoreEntry match(List<ScanResult> in, int[] parent, int i, Finding f,
      List<IgnoreEntry> entries, LocalDate today) {
    for (IgnoreEntry e : entries) {
      if (e.expired(today) || !e.coversRule(f.rule())) {
        continue;
      }
      if (e.sha256() != null && !hasSha(in, parent, i, e.sha256())) {
        continue;
      }
      if (e.path() != null && !e.coversPath(candidates(in, parent, i, e.base()))) {
        continue;
      }
      return e;
    }
    return null;
  }

  private static boolean hasSha(List<ScanResult> in, int[] parent, int i, String sha) {
    for (int k = i; k >= 0; k = parent[k]) {
      if (sha.equals(in.get(k).sha256())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The paths an entry's glob is tried on: the file's and its containers', each as given and
   * relative to the entry's folder, with {@code !/} (folder member, container member) as {@code /}.
   */
  static List<String> candidates(List<ScanResult> in, int[] parent, int i, Path base) {
    List<String> out = new ArrayList<>();
    for (int k = i; k >= 0; k = parent[k]) {
      String p = in.get(k).path().replace("!/", "/");
      out.add(p);
      if (p.startsWith("hf://")) {
        // hf://ORG/REPO@COMMIT/path: the path inside the repository
        int slash = p.indexOf('/', p.indexOf('@') < 0 ? 5 : p.indexOf('@'));
        if (slash > 0) {
          out.add(p.substring(slash + 1));
        }
      } else if (base != null) {
        try {
          Path abs = Path.of(p).toAbsolutePath().normalize();
          if (abs.startsWith(base) && !abs.equals(base)) {
            out.add(base.relativize(abs).toString().replace('\\', '/'));
          }
        } catch (java.nio.file.InvalidPathException e) {
          // not a local path: matched as given
        }
      }
    }
    return out;
  }

  /** One result per ignore file that has expired entries, with a finding for each. */
  private static List<ScanResult> expired(List<IgnoreEntry> entries, LocalDate today) {
    Map<String, List<Finding>> byFile = new LinkedHashMap<>();
    for (IgnoreEntry e : entries) {
      if (e.expired(today)) {
        int colon = e.source().lastIndexOf(':');
        String file = colon < 0 ? e.source() : e.source().substring(0, colon);
        String line = colon < 0 ? "" : "line " + e.source().substring(colon + 1);
        byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(new Finding(EXPIRED,
            Verdict.SUSPICIOUS, "ignore entry expired on " + e.expires() + "; renew the review or"
                + " remove the entry (reason given: " + e.reason() + ")", line, describe(e)));
      }
    }
    List<ScanResult> out = new ArrayList<>();
    byFile.forEach((file, fs) -> out.add(new ScanResult(file, "modelgate-ignore", 0, null,
        Verdict.SUSPICIOUS, fs, true)));
    return out;
  }

  private static String describe(IgnoreEntry e) {
    StringBuilder b = new StringBuilder();
    if (e.path() != null) {
      b.append("path=").append(e.path()).append(' ');
    }
    if (e.rule() != null) {
      b.append("rule=").append(e.rule()).append(' ');
    }
    if (e.sha256() != null) {
      b.append("sha256=").append(e.sha256()).append(' ');
    }
    return b.append("expires=").append(e.expires()).toString();
  }
}
