package dev.modelgate.triage;

import dev.modelgate.ScanResult;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.report.JsonReport;
import dev.modelgate.rules.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The findings of a previous {@code modelgate.scan/v1} report, so a scan reports only what is
 * new. A finding is known when the previous report has one with the same rule, location and
 * evidence in a file of the same path, or in a file of the same sha256 (a renamed file).
 */
public final class Baseline {
  private static final long MAX_SIZE = 256L << 20;
  private final Set<String> keys;

  private Baseline(Set<String> keys) {
    this.keys = keys;
  }

  public static Baseline read(Path file) throws IOException {
    if (Files.size(file) > MAX_SIZE) {
      throw new IOException(file + ": baseline larger than 256 MiB");
    }
    Object doc;
    try {
      doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonException | java.nio.charset.MalformedInputException e) {
      throw new IOException(file + ": not a JSON report (" + e.getMessage() + ")");
    }
    if (!(doc instanceof Map<?, ?> m) || !JsonReport.SCHEMA.equals(m.get("schema"))
        || !(m.get("results") instanceof List<?> results)) {
      throw new IOException(file + ": not a " + JsonReport.SCHEMA + " report (scan --format json)");
    }
    Set<String> keys = new HashSet<>();
    for (Object r : results) {
      if (!(r instanceof Map<?, ?> rm) || !(rm.get("findings") instanceof List<?> fs)) {
        throw new IOException(file + ": a result without findings");
      }
      for (Object f : fs) {
        if (!(f instanceof Map<?, ?> fm)) {
          throw new IOException(file + ": a finding that is not an object");
        }
        String what = text(fm.get("rule")) + "\0" + text(fm.get("location")) + "\0"
            + text(fm.get("evidence"));
        keys.add("p\0" + text(rm.get("path")) + "\0" + what);
        if (rm.get("sha256") instanceof String sha) {
          keys.add("s\0" + sha + "\0" + what);
        }
      }
    }
    return new Baseline(keys);
  }

  private static String text(@Nullable Object o) {
    return o instanceof String s ? s : "";
  }

  /** Whether {@code f} of {@code r} was in the previous report. */
  public boolean knows(ScanResult r, Finding f) {
    String what = f.rule() + "\0" + f.location() + "\0" + f.evidence();
    return keys.contains("p\0" + r.path() + "\0" + what)
        || (r.sha256() != null && keys.contains("s\0" + r.sha256() + "\0" + what));
  }
}
