package dev.modelgate.audit.deps;

import java.util.List;

/** A comma-separated set of specifiers, all of which must hold; empty allows every version. */
public final class SpecifierSet {
  private final List<Specifier> specs;
  private final String text;

  private SpecifierSet(List<Specifier> specs, String text) {
    this.specs = List.copyOf(specs);
    this.text = text;
  }

  /** Parses {@code >=1.0,<2}; throws {@link IllegalArgumentException} when it is not PEP 440. */
  public static SpecifierSet parse(String s) {
    return new SpecifierSet(Specifier.parseSet(s), s.strip());
  }

  public static SpecifierSet exactly(Version v) {
    return new SpecifierSet(List.of(new Specifier("==", v.toString())), "==" + v);
  }

  public List<Specifier> specifiers() {
    return specs;
  }

  /**
   * packaging's {@code SpecifierSet.contains(v, prereleases)} (packaging 26: with
   * {@code prereleases} null a single version is matched whether or not it is a pre-release, as
   * PEP 440 recommends when there are no other candidates; False excludes pre-releases).
   */
  public boolean contains(Version v, Boolean prereleases) {
    if (Boolean.FALSE.equals(prereleases) && v.isPrerelease()) {
      return false;
    }
    for (Specifier s : specs) {
      if (!s.matches(v)) {
        return false;
      }
    }
    return true;
  }

  /** The single version {@code ==V} pins (no wildcard, no other specifier), or null. */
  public Version pinned() {
    if (specs.size() == 1 && (specs.get(0).operator().equals("==")
        || specs.get(0).operator().equals("===")) && !specs.get(0).version().endsWith(".*")) {
      return Version.tryParse(specs.get(0).version());
    }
    return null;
  }

  /** The allowed versions as disjoint-enough intervals (their union). */
  List<Interval> intervals() {
    List<Interval> acc = List.of(Interval.ALL);
    for (Specifier s : specs) {
      acc = Interval.intersect(acc, s.intervals());
    }
    return acc;
  }

  @Override
  public String toString() {
    return text;
  }
}
