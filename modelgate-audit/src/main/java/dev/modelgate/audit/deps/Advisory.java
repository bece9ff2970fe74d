package dev.modelgate.audit.deps;

import dev.modelgate.rules.Severity;
import java.util.List;
import java.util.Set;

/**
 * One OSV advisory, reduced to what matching needs.
 *
 * @param affected per package: the affected version intervals and explicitly listed versions
 * @param source a link to the advisory (database_specific.source, else its first reference)
 */
public record Advisory(String id, List<String> aliases, String summary, Severity severity,
    List<Affected> affected, String source) {

  /** The affected versions of one package; {@code fixed} lists the versions that fix it. */
  public record Affected(String name, List<Interval> ranges, Set<Version> versions,
      List<Version> fixed) {

    boolean contains(Version v) {
      Version pub = v.publicVersion();
      if (versions.contains(v) || versions.contains(pub)) {
        return true;
      }
      for (Interval i : ranges) {
        if (i.contains(v) || i.contains(pub)) {
          return true;
        }
      }
      return false;
    }

    /** Whether some version the specifiers allow is affected. */
    boolean overlaps(SpecifierSet spec) {
      List<Interval> allowed = spec == null ? List.of(Interval.ALL) : spec.intervals();
      if (!Interval.intersect(allowed, ranges).isEmpty()) {
        return true;
      }
      for (Version v : versions) {
        if (spec == null || spec.contains(v, true)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The CVE (or first) alias, for messages: "GHSA-… (CVE-…)". */
  String label() {
    for (String a : aliases) {
      if (a.startsWith("CVE-")) {
        return id + " (" + a + ")";
      }
    }
    return id;
  }
}
