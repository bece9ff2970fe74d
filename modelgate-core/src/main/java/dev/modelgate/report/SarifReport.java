package dev.modelgate.report;

import dev.modelgate.ModelGate;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Rule;
import dev.modelgate.rules.RuleCatalogue;
import dev.modelgate.rules.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards, shaped for GitHub code scanning:
 *
 * <ul>
 *   <li>{@code tool.driver.rules} holds every catalogued rule (well under GitHub's 25,000),
 *       each with its title, description, help, link into {@code docs/rules.md}, tags,
 *       precision and security-severity ({@link SarifRules}).
 *   <li>A finding's file is the file on disk, as a URI relative to {@code %SRCROOT%} (the
 *       current directory, or the root given), defined in {@code originalUriBaseIds}; the member
 *       inside a container and the byte offset go into a logical location and the region's
 *       {@code byteOffset} ({@link SarifPaths}). There is no line region: model files are
 *       binary, and upload-sarif would otherwise read them whole to hash lines.
 *   <li>Each result carries {@code partialFingerprints} that are stable across runs and
 *       machines ({@link SarifFingerprints}), since upload-sarif cannot compute them for binary
 *       files and alerts would duplicate.
 *   <li>GitHub's upload limits hold ({@link SarifLimits}): at most 25,000 results per run (the
 *       most severe are kept) and 10 MB gzip-compressed; what was left out is said in
 *       {@code invocations[0].toolExecutionNotifications}.
 * </ul>
 * Notes (findings that do not change the verdict) are not reported.
 */
public final class SarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  /** SARIF with URIs relative to the current directory. */
  public static String render(ScanReport report) {
    return render(report, Path.of(""));
  }

  /**
   * SARIF with URIs relative to {@code root} ({@code --sarif-root}): the folder code scanning
   * resolves them against, normally the repository checkout.
   *
   * @throws IllegalArgumentException when a scanned file cannot be named relative to root
   *     (another drive on Windows)
   */
  public static String render(ScanReport report, Path root) {
    SarifPaths paths = new SarifPaths(report, root);
    List<Reported> all = new ArrayList<>();
    for (ScanResult r : report.results()) {
      SarifPaths.Artifact artifact = null;
      for (Finding f : r.findings()) {
        if (f.verdict() != Verdict.CLEAN) {
          artifact = artifact == null ? paths.artifact(r.path()) : artifact;
          all.add(new Reported(r, f, artifact));
        }
      }
    }
    return SarifLimits.fit(all, kept -> document(kept, all.size(), paths));
  }

  /** One finding to report, with where its file is. */
  record Reported(ScanResult result, Finding finding, SarifPaths.Artifact artifact) {}

  private static String document(List<Reported> kept, int total, SarifPaths paths) {
    RuleCatalogue catalogue = RuleCatalogue.get();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Object> rules = new ArrayList<>();
    for (Rule r : catalogue.all()) {
      index.put(r.id(), rules.size());
      rules.add(SarifRules.descriptor(r));
    }
    SarifFingerprints fingerprints = new SarifFingerprints();
    List<Object> results = new ArrayList<>();
    int outside = 0;
    for (Reported x : kept) {
      Finding f = x.finding();
      if (!index.containsKey(f.rule())) {
        index.put(f.rule(), rules.size());
        rules.add(SarifRules.uncatalogued(f.rule(), f.verdict()));
      }
      outside += x.artifact().outside() ? 1 : 0;
      results.add(SarifResults.result(x, index.get(f.rule()), fingerprints));
    }
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", ModelGate.NAME);
    driver.put("version", ModelGate.VERSION);
    driver.put("semanticVersion", ModelGate.VERSION);
    driver.put("informationUri", ModelGate.URL);
    driver.put("rules", rules);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("invocations", List.of(invocation(kept.size(), total, outside)));
    run.put("originalUriBaseIds", Map.of(SarifPaths.SRCROOT, Map.of("uri", paths.rootUri(),
        "description", Map.of("text", "The folder result URIs are relative to: the current"
            + " directory of the scan, or its --sarif-root."))));
    run.put("columnKind", "unicodeCodePoints");
    run.put("results", results);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("$schema", SCHEMA);
    doc.put("version", "2.1.0");
    doc.put("runs", List.of(run));
    return JsonWriter.write(doc, true) + "\n";
  }

  private static Map<String, Object> invocation(int kept, int total, int outside) {
    List<Object> notes = new ArrayList<>();
    if (kept < total) {
      notes.add(notification("warning", (total - kept) + " of " + total + " results were left out"
          + " to stay within GitHub's upload limits (" + SarifLimits.MAX_RESULTS + " results,"
          + " 10 MB compressed); the most severe are kept. The JSON report lists them all."));
    }
    if (outside > 0) {
      notes.add(notification("warning", outside + " results are in files outside "
          + SarifPaths.SRCROOT + " (their URIs start with ../); code scanning shows only files"
          + " of the repository: scan from the checkout or pass --sarif-root."));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("executionSuccessful", true);
    if (!notes.isEmpty()) {
      m.put("toolExecutionNotifications", notes);
    }
    return m;
  }

  private static Map<String, Object> notification(String level, String text) {
    return Map.of("level", level, "message", Map.of("text", text));
  }

  /** Most severe first, then in report order: what is kept when results must be capped. */
  static final Comparator<Reported> SEVERITY =
      Comparator.comparing((Reported x) -> x.finding().verdict()).reversed();
}
