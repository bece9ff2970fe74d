package dev.modelgate.triage;

import dev.modelgate.rules.Suppression;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One reviewed entry of an ignore file. It names what it covers by path glob, rule id (or a
 * {@code *} pattern of ids) and/or sha256; an entry with a rule id alone covers that rule
 * everywhere (global). Its reason is mandatory, its expiry optional.
 *
 * @param base the folder paths are relative to (the ignore file's)
 * @param path gitignore-style glob ({@code *}, {@code **}, {@code ?}; no slash: any depth), or null
 * @param rule rule id or pattern, or null for every rule
 * @param sha256 lower-case hex digest of the file (or of a container holding it), or null
 * @param expires the last day the entry applies, or null
 * @param source file and line, for messages and the suppression's provenance
 */
public record IgnoreEntry(Path base, @Nullable String path, @Nullable String rule,
    @Nullable String sha256, String reason, @Nullable LocalDate expires, String source) {

  public IgnoreEntry {
    if (path == null && rule == null && sha256 == null) {
      throw new IllegalArgumentException(source + ": an entry names a path, a rule or a sha256");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(source + ": an entry needs a reason");
    }
    if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(source + ": sha256 is not 64 hex digits: " + sha256);
    }
    sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
  }

  /** Whether the entry no longer applies on {@code today}. */
  public boolean expired(LocalDate today) {
    return expires != null && today.isAfter(expires);
  }

  Suppression suppression() {
    return new Suppression(reason, source, expires);
  }

  boolean coversRule(String id) {
    return rule == null || glob(rule, false).matcher(id).matches();
  }

  /** Whether the path glob matches one of the candidate paths (relative, with {@code /}). */
  boolean coversPath(Iterable<String> candidates) {
    if (path == null) {
      return true;
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String p;
    if (path.startsWith("/")) {
      p = path.substring(1); // anchored at the ignore file's folder
    } else if (trimmed.contains("/")) {
      p = path; // relative to it, as in .gitignore
    } else {
      p = "**/" + path; // a bare name matches at any depth
    }
    if (p.endsWith("/")) {
      p = p + "**";
    }
    Pattern re = glob(p, true);
    for (String c : candidates) {
      if (re.matcher(c).matches()) {
        return true;
      }
    }
    return false;
  }

  /** A glob as a regex: {@code **} crosses folders, {@code *} and {@code ?} do not (with paths). */
  static Pattern glob(String g, boolean paths) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        // "**/" also matches no folder at all
        boolean slash = i + 2 < g.length() && g.charAt(i + 2) == '/';
        re.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        re.append(paths ? "[^/]*" : ".*");
      } else if (c == '?') {
        re.append(paths ? "[^/]" : ".");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
