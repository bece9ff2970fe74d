package dev.modelgate.audit.deps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One PEP 440 version specifier ({@code ~=}, {@code ==}, {@code !=}, {@code <=}, {@code >=},
 * {@code <}, {@code >}, {@code ===}, with {@code .*} prefixes), matching as packaging's
 * {@code Specifier.contains} does, and as a set of version intervals for range overlap.
 */
public record Specifier(String operator, String version) {
  private static final List<String> OPERATORS = List.of("~=", "===", "==", "!=", "<=", ">=",
      "<", ">");

  /** Parses {@code >=2.0}; throws {@link IllegalArgumentException} when it is not PEP 440. */
  public static Specifier parse(String s) {
    String t = s.strip();
    for (String op : OPERATORS) {
      if (t.startsWith(op)) {
        String v = t.substring(op.length()).strip();
        validate(op, v, s);
        return new Specifier(op, v);
      }
    }
    throw new IllegalArgumentException("not a version specifier: '" + s + "'");
  }

  private static void validate(String op, String v, String s) {
    if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("not a version specifier: '" + s + "'");
    }
    if (op.equals("===")) {
      return;
    }
    boolean star = v.endsWith(".*");
    if (star && !(op.equals("==") || op.equals("!="))) {
      throw new IllegalArgumentException("'.*' only with == and !=: '" + s + "'");
    }
    Version parsed = Version.tryParse(star ? v.substring(0, v.length() - 2) : v);
    if (parsed == null) {
      throw new IllegalArgumentException("not a version specifier: '" + s + "'");
    }
    if (star && (parsed.local != null || parsed.isPrerelease() || parsed.isPostrelease())) {
      // packaging: a prefix match may not carry pre/post/dev or local parts
      throw new IllegalArgumentException("not a version specifier: '" + s + "'");
    }
    if (!star && parsed.local != null && !(op.equals("==") || op.equals("!="))) {
      throw new IllegalArgumentException("local versions only with == and !=: '" + s + "'");
    }
    if (op.equals("~=") && (parsed.release.size() < 2 || parsed.local != null)) {
      throw new IllegalArgumentException("~= needs at least two release parts: '" + s + "'");
    }
    if (!star && v.toLowerCase(Locale.ROOT).contains("*")) {
      throw new IllegalArgumentException("not a version specifier: '" + s + "'");
    }
  }

  private boolean star() {
    return version.endsWith(".*");
  }

  private Version spec() {
    return Version.parse(star() ? version.substring(0, version.length() - 2) : version);
  }

  /** packaging's {@code Specifier.contains(v, prereleases=True)}: the operator alone. */
  public boolean matches(Version v) {
    switch (operator) {
      case "===" -> {
        return v.toString().equalsIgnoreCase(version);
      }
      case "==" -> {
        return equal(v);
      }
      case "!=" -> {
        return !equal(v);
      }
      case "~=" -> {
        Version s = spec();
        Version floor = s;
        return v.publicVersion().compareTo(floor) >= 0 && prefixMatch(v, s.release.subList(0,
            s.release.size() - 1), s.epoch);
      }
      case "<=" -> {
        return v.publicVersion().compareTo(spec()) <= 0;
      }
      case ">=" -> {
        return v.publicVersion().compareTo(spec()) >= 0;
      }
      case "<" -> {
        // "<V must not allow a pre-release of V unless V is itself a pre-release"
        Version s = spec();
        return v.compareTo(s) < 0 && (s.isPrerelease() || !v.isPrerelease()
            || v.compareTo(s.earliestPrerelease()) < 0);
      }
      case ">" -> {
        // ">V must not allow a post-release or a local version of V"
        Version s = spec();
        if (v.compareTo(s) <= 0) {
          return false;
        }
        if (!s.isPostrelease() && v.isPostrelease() && v.postBase().equals(s)) {
          return false;
        }
        return v.local == null || !v.publicVersion().equals(s);
      }
      default -> throw new IllegalStateException(operator);
    }
  }

  private boolean equal(Version v) {
    Version s = spec();
    if (star()) {
      return prefixMatch(v, s.release, s.epoch);
    }
    Version candidate = s.local == null ? v.publicVersion() : v;
    return candidate.equals(s);
  }

  /** {@code ==1.2.*}: the epoch and the leading release parts match, missing parts as zero. */
  private static boolean prefixMatch(Version v, List<String> prefix, String epoch) {
    if (!v.epoch.equals(epoch)) {
      return false;
    }
    for (int k = 0; k < prefix.size(); k++) {
      String part = k < v.release.size() ? v.release.get(k) : "0";
      if (!part.equals(prefix.get(k))) {
        return false;
      }
    }
    return true;
  }

  /** The versions this specifier allows, as intervals (post/local fringes of {@code >} kept). */
  List<Interval> intervals() {
    switch (operator) {
      case "===" -> {
        Version v = Version.tryParse(version);
        return v == null ? List.of() : List.of(Interval.point(v));
      }
      case "==" -> {
        return star() ? List.of(prefixInterval(spec())) : List.of(Interval.point(spec()));
      }
      case "!=" -> {
        Interval hole = star() ? prefixInterval(spec()) : Interval.point(spec());
        return hole.complement();
      }
      case "~=" -> {
        Version s = spec();
        return List.of(new Interval(s, true, s.bumpAt(s.release.size() - 2), false));
      }
      case "<=" -> {
        return List.of(new Interval(null, false, spec(), true));
      }
      case ">=" -> {
        return List.of(new Interval(spec(), true, null, false));
      }
      case "<" -> {
        Version s = spec();
        return List.of(new Interval(null, false, s.isPrerelease() ? s : s.earliestPrerelease(),
            false));
      }
      case ">" -> {
        return List.of(new Interval(spec(), false, null, false));
      }
      default -> throw new IllegalStateException(operator);
    }
  }

  private static Interval prefixInterval(Version prefix) {
    return new Interval(prefix.familyFloor(), true, prefix.bumpAt(prefix.release.size() - 1),
        false);
  }

  @Override
  public String toString() {
    return operator + version;
  }

  /** Parses a comma-separated specifier set ({@code >=1.0,!=1.3.*,<2}); empty allows all. */
  static List<Specifier> parseSet(String s) {
    List<Specifier> out = new ArrayList<>();
    for (String part : s.split(",", 0)) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    return out;
  }
}
