package dev.modelgate.report;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.util.Map;

/**
 * Human output: one line per file (container members only when not clean; every file of a
 * scanned folder), findings indented beneath, a summary line counting files. Colour only when
 * asked for (the CLI asks when stdout is a terminal). Everything a file can name is written through
 * {@link TerminalText}, so no control character, escape sequence or line break of a hostile
 * file reaches the terminal.
 */
public final class TextReport {
  private static final int MAX_EVIDENCE = 300;

  private TextReport() {}

  public static String render(ScanReport report, boolean colour) {
    StringBuilder b = new StringBuilder();
    java.util.Set<String> folders = new java.util.HashSet<>();
    Map<Verdict, Integer> counts = new java.util.EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      counts.put(v, 0);
    }
    int files = 0;
    for (ScanResult r : report.results()) {
      boolean folder = r.topLevel() && r.format().equals("directory");
      boolean file = (r.topLevel() && !folder) || folders.contains(container(r.path()));
      if (folder) {
        folders.add(r.path());
      }
      if (file) {
        files++;
        counts.merge(r.verdict(), 1, Integer::sum);
      }
      if (!file && !r.topLevel() && r.verdict() == Verdict.CLEAN) {
        continue;
      }
      b.append(paint(String.format("%-10s", r.verdict().label()), r.verdict(), colour))
          .append(' ').append(TerminalText.escape(r.path())).append("  (")
          .append(TerminalText.escape(r.format())).append(")\n");
      for (Finding f : r.findings()) {
        b.append("    ").append(f.severity().label()).append("  ")
            .append(TerminalText.escape(f.rule())).append(": ")
            .append(TerminalText.escape(f.message()));
        if (!f.location().isEmpty()) {
          b.append("  [").append(TerminalText.escape(f.location())).append(']');
        }
        b.append('\n');
        if (!f.evidence().isEmpty()) {
          b.append("        ").append(clip(f.evidence())).append('\n');
        }
      }
    }
    Map<Verdict, Integer> s = counts;
    b.append(files).append(files == 1 ? " file: " : " files: ")
        .append(s.get(Verdict.CLEAN)).append(" clean, ")
        .append(s.get(Verdict.SUSPICIOUS)).append(" suspicious, ")
        .append(s.get(Verdict.MALICIOUS)).append(" malicious, ")
        .append(s.get(Verdict.INVALID)).append(" invalid\n");
    return b.toString();
  }

  /** {@code a!/b!/c} -> {@code a!/b}; a top-level path -> itself. */
  private static String container(String path) {
    int bang = path.lastIndexOf("!/");
    return bang < 0 ? path : path.substring(0, bang);
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
