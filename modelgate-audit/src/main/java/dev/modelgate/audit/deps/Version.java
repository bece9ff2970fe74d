package dev.modelgate.audit.deps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, parsed, normalised and ordered exactly as Python's {@code packaging} does
 * (checked by a differential fixture generated with packaging). Numbers are kept as digit
 * strings, so no release number is too large.
 */
public final class Version implements Comparable<Version> {
  // packaging.version.VERSION_PATTERN, case-insensitive, surrounding whitespace allowed
  private static final Pattern PATTERN = Pattern.compile(
      "\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
          + "(?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
          + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
          + "(?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?)"
          + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*",
      Pattern.CASE_INSENSITIVE);

  final String epoch;
  final List<String> release;
  /** "a", "b" or "rc", or null. */
  final String preLabel;
  final String preNumber;
  final String post;
  final String dev;
  /** Lower-case local segments, or null. */
  final List<String> local;

  private Version(String epoch, List<String> release, String preLabel, String preNumber,
      String post, String dev, List<String> local) {
    this.epoch = epoch;
    this.release = release;
    this.preLabel = preLabel;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = local;
  }

  /** Parses a version; throws {@link IllegalArgumentException} when it is not PEP 440. */
  public static Version parse(String s) {
    Version v = tryParse(s);
    if (v == null) {
      throw new IllegalArgumentException("not a PEP 440 version: '" + s + "'");
    }
    return v;
  }

  /** Parses a version, or returns null. */
  public static Version tryParse(String s) {
    if (s == null || s.length() > 200) {
      return null;
    }
    Matcher m = PATTERN.matcher(s);
    if (!m.matches()) {
      return null;
    }
    String epoch = num(m.group("epoch") == null ? "0" : m.group("epoch"));
    List<String> release = new ArrayList<>();
    for (String p : m.group("release").split("\\.", 0)) {
      release.add(num(p));
    }
    String preLabel = null;
    String preNumber = null;
    if (m.group("pre") != null) {
      String l = m.group("prel").toLowerCase(Locale.ROOT);
      preLabel = switch (l) {
        case "alpha", "a" -> "a";
        case "beta", "b" -> "b";
        default -> "rc";
      };
      preNumber = num(m.group("pren") == null ? "0" : m.group("pren"));
    }
    String post = null;
    if (m.group("post") != null) {
      String n = m.group("postn1") != null ? m.group("postn1") : m.group("postn2");
      post = num(n == null ? "0" : n);
    }
    String dev = m.group("dev") == null ? null
        : num(m.group("devn") == null ? "0" : m.group("devn"));
    List<String> local = null;
    if (m.group("local") != null) {
      local = new ArrayList<>();
      for (String p : m.group("local").toLowerCase(Locale.ROOT).split("[-_.]", 0)) {
        local.add(p.chars().allMatch(Character::isDigit) ? num(p) : p);
      }
    }
    return new Version(epoch, List.copyOf(release), preLabel, preNumber, post, dev,
        local == null ? null : List.copyOf(local));
  }

  private static String num(String digits) {
    int k = 0;
    while (k < digits.length() - 1 && digits.charAt(k) == '0') {
      k++;
    }
    return digits.substring(k);
  }

  public boolean isPrerelease() {
    return preLabel != null || dev != null;
  }

  public boolean isPostrelease() {
    return post != null;
  }

  /** The version without its local part. */
  public Version publicVersion() {
    return local == null ? this : new Version(epoch, release, preLabel, preNumber, post, dev, null);
  }

  /** Epoch and release only: {@code 1!2.0rc1.post3} → {@code 1!2.0}. */
  public Version baseVersion() {
    return new Version(epoch, release, null, null, null, null, null);
  }

  /** packaging's earliest pre-release of this version: {@code 1.2.post1} → {@code 1.2.post1.dev0}. */
  Version earliestPrerelease() {
    return new Version(epoch, release, preLabel, preNumber, post, "0", null);
  }

  /** The version this is a post-release of: {@code 1.0a1.post2.dev3+x} → {@code 1.0a1}. */
  Version postBase() {
    return new Version(epoch, release, preLabel, preNumber, null, null, null);
  }

  /** The smallest version of this release's family: {@code 2.6} → {@code 2.6.dev0}. */
  Version familyFloor() {
    return new Version(epoch, release, null, null, null, "0", null);
  }

  /** {@code release} with the component at {@code index} incremented and the rest dropped. */
  Version bumpAt(int index) {
    List<String> r = new ArrayList<>(release.subList(0, index + 1));
    r.set(index, new java.math.BigInteger(r.get(index)).add(java.math.BigInteger.ONE).toString());
    return new Version(epoch, List.copyOf(r), null, null, null, "0", null);
  }

  static Version of(String epoch, List<String> release) {
    return new Version(epoch, List.copyOf(release), null, null, null, null, null);
  }

  @Override
  public int compareTo(Version o) {
    int c = compareNum(epoch, o.epoch);
    if (c != 0) {
      return c;
    }
    c = compareRelease(release, o.release);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preRank(), o.preRank());
    if (c != 0) {
      return c;
    }
    if (preLabel != null && o.preLabel != null) {
      c = preLabel.compareTo(o.preLabel);
      if (c != 0) {
        return c;
      }
      c = compareNum(preNumber, o.preNumber);
      if (c != 0) {
        return c;
      }
    }
    c = compareOptional(post, o.post, -1);
    if (c != 0) {
      return c;
    }
    c = compareOptional(dev, o.dev, 1);
    if (c != 0) {
      return c;
    }
    return compareLocal(local, o.local);
  }

  /** packaging's key: a dev-only release sorts before every pre-release; no pre sorts after. */
  private int preRank() {
    if (preLabel == null && post == null && dev != null) {
      return -1;
    }
    return preLabel == null ? 1 : 0;
  }

  /** Absent sorts as -infinity ({@code absent=-1}) or +infinity ({@code absent=1}). */
  private static int compareOptional(String a, String b, int absent) {
    if (a == null && b == null) {
      return 0;
    }
    if (a == null) {
      return absent;
    }
    if (b == null) {
      return -absent;
    }
    return compareNum(a, b);
  }

  private static int compareRelease(List<String> a, List<String> b) {
    int na = significant(a);
    int nb = significant(b);
    for (int k = 0; k < Math.min(na, nb); k++) {
      int c = compareNum(a.get(k), b.get(k));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(na, nb);
  }

  private static int significant(List<String> r) {
    int n = r.size();
    while (n > 0 && r.get(n - 1).equals("0")) {
      n--;
    }
    return n;
  }

  private static int compareLocal(List<String> a, List<String> b) {
    if (a == null && b == null) {
      return 0;
    }
    if (a == null) {
      return -1;
    }
    if (b == null) {
      return 1;
    }
    for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
      String x = a.get(k);
      String y = b.get(k);
      boolean nx = isNum(x);
      boolean ny = isNum(y);
      int c;
      if (nx && ny) {
        c = compareNum(x, y);
      } else if (nx) {
        c = 1; // numeric segments sort after alphanumeric ones
      } else if (ny) {
        c = -1;
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static boolean isNum(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  static int compareNum(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * epoch.hashCode() + release.subList(0, significant(release)).hashCode();
  }

  /** Normalised form, as {@code str(packaging.version.Version(s))}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (!epoch.equals("0")) {
      b.append(epoch).append('!');
    }
    b.append(String.join(".", release));
    if (preLabel != null) {
      b.append(preLabel).append(preNumber);
    }
    if (post != null) {
      b.append(".post").append(post);
    }
    if (dev != null) {
      b.append(".dev").append(dev);
    }
    if (local != null) {
      b.append('+').append(String.join(".", local));
    }
    return b.toString();
  }
}
