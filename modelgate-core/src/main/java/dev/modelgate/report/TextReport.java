package dev.modelgate.report;

import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Suppression;
import dev.modelgate.rules.Verdict;
import java.util.Map;
import java.util.Set;

/**
 * Human output, quiet by default: a line for each path the user named and for each file or
 * member that is not clean (every file with {@code verbose}), findings indented beneath, then a
 * summary line that counts what the JSON summary counts ({@link ScanReport#judgedFiles()}).
 * Suppressed findings are shown as such. Colour only when asked for (the CLI asks when stdout is
 * a terminal). Everything a file can name is written through {@link TerminalText}, so no
 * control character, escape sequence or line break of a hostile file reaches the terminal.
 */
public final class TextReport {
  private static final int MAX_EVIDENCE = 300;

  private TextReport() {}

  public static String render(ScanReport report, boolean colour) {
    return render(report, colour, false);
  }

  public static String render(ScanReport report, boolean colour, boolean verbose) {
    StringBuilder b = new StringBuilder();
    for (ScanResult r : report.results()) {
      boolean hasSuppressed = r.findings().stream().anyMatch(Finding::suppressed);
      if (!r.topLevel() && !verbose && r.verdict() == Verdict.CLEAN && !hasSuppressed) {
        continue;
      }
      b.append(paint(String.format("%-10s", r.verdict().label()), r.verdict(), colour))
          .append(' ').append(TerminalText.escape(r.path())).append("  (")
          .append(TerminalText.escape(r.format())).append(")\n");
      for (Finding f : r.findings()) {
        b.append("    ").append(f.suppressed() ? "suppressed" : f.severity().label()).append("  ")
            .append(TerminalText.escape(f.rule())).append(": ")
            .append(TerminalText.escape(f.message()));
        if (!f.location().isEmpty()) {
          b.append("  [").append(TerminalText.escape(f.location())).append(']');
        }
        b.append('\n');
        if (!f.evidence().isEmpty()) {
          b.append("        ").append(clip(f.evidence())).append('\n');
        }
        Suppression sup = f.suppression();
        if (sup != null) {
          b.append("        reason: ").append(clip(sup.reason())).append("  (")
              .append(TerminalText.escape(sup.source()))
              .append(sup.expires() == null ? ""
                  : ", until " + sup.expires()).append(")\n");
        }
      }
    }
    b.append(summary(report)).append('\n');
    return b.toString();
  }

  /** The summary line, e.g. {@code 3 files: 2 clean, 0 suspicious, 1 malicious, 0 invalid}. */
  public static String summary(ScanReport report) {
    Map<Verdict, Integer> s = report.summary();
    int files = report.files();
    StringBuilder b = new StringBuilder();
    b.append(files).append(files == 1 ? " file: " : " files: ")
        .append(s.get(Verdict.CLEAN)).append(" clean, ")
        .append(s.get(Verdict.SUSPICIOUS)).append(" suspicious, ")
        .append(s.get(Verdict.MALICIOUS)).append(" malicious, ")
        .append(s.get(Verdict.INVALID)).append(" invalid");
    // findings on a folder itself (links that loop, special files) are in no file's count, yet
    // they set the exit code: say so, or "0 files: 0 invalid" would come with exit 1
    int onFolders = 0;
    for (ScanResult r : report.results()) {
      if (r.topLevel() && r.format().equals("directory")) {
        onFolders += (int) r.findings().stream()
            .filter(f -> !f.suppressed() && f.verdict() != Verdict.CLEAN).count();
      }
    }
    if (onFolders > 0) {
      b.append("; ").append(onFolders).append(onFolders == 1 ? " finding" : " findings")
          .append(" on the folder itself");
    }
    int suppressed = report.suppressed();
    if (suppressed > 0) {
      b.append("; ").append(suppressed).append(suppressed == 1 ? " finding" : " findings")
          .append(" suppressed");
    }
    if (report.baselineKnown() != null) {
      b.append("; ").append(report.baselineKnown()).append(" known from the baseline");
    }
    return b.toString();
  }

  /** The distinct rule ids of findings that count, in order: for one-line refusals. */
  public static Set<String> rules(ScanReport report) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (ScanResult r : report.results()) {
      for (Finding f : r.findings()) {
        if (!f.suppressed() && f.verdict() != Verdict.CLEAN) {
          out.add(f.rule());
        }
      }
    }
    return out;
  }

  private static String clip(String s) {
    String one = TerminalText.escape(s);
    if (one.length() <= MAX_EVIDENCE) {
      return one;
    }
    // never cut an escape in half, so "\x1" cannot be read as something else
    int cut = MAX_EVIDENCE;
    int slash = one.lastIndexOf('\\', cut);
    if (slash > cut - 10) {
      cut = slash;
    }
    return one.substring(0, cut) + "…";
  }

  private static String paint(String text, Verdict v, boolean colour) {
    if (!colour) {
      return text;
    }
    String code = switch (v) {
      case CLEAN -> "32";
      case SUSPICIOUS -> "33";
      case INVALID -> "35";
      case MALICIOUS -> "1;31";
    };
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }
}
