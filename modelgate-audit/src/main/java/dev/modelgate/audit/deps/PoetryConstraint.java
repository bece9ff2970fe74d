package dev.modelgate.audit.deps;

import java.util.ArrayList;
import java.util.List;

/**
 * Poetry's version constraints as PEP 440 specifier sets: {@code ^1.2.3}, {@code ~1.2},
 * {@code 1.2.*}, {@code *}, bare versions, comma- or space-separated ranges and {@code ||}
 * alternatives (one set per alternative).
 */
final class PoetryConstraint {
  private PoetryConstraint() {}

  static List<SpecifierSet> parse(String constraint) {
    List<SpecifierSet> out = new ArrayList<>();
    for (String alt : constraint.split("\\|\\|", 0)) {
      List<String> parts = new ArrayList<>();
      String a = alt.strip().replaceAll("([<>=!~^]+)\\s+", "$1");
      for (String p : a.split("[,\\s]+", 0)) {
        if (!p.isBlank()) {
          parts.add(one(p.strip()));
        }
      }
      out.add(SpecifierSet.parse(String.join(",", parts.stream().filter(s -> !s.isEmpty())
          .toList())));
    }
    return out;
  }

  private static String one(String p) {
    if (p.equals("*")) {
      return "";
    }
    if (p.startsWith("^")) {
      Version v = Version.parse(p.substring(1));
      int first = 0;
      while (first < v.release.size() - 1 && v.release.get(first).equals("0")) {
        first++;
      }
      return ">=" + v + ",<" + upper(v, first);
    }
    if (p.startsWith("~") && !p.startsWith("~=")) {
      Version v = Version.parse(p.substring(1));
      int idx = v.release.size() >= 2 ? 1 : 0;
      return ">=" + v + ",<" + upper(v, idx);
    }
    if (Character.isDigit(p.charAt(0))) {
      return "==" + p;
    }
    return p;
  }

  /** The release with part {@code index} incremented and later parts dropped (no dev suffix). */
  private static String upper(Version v, int index) {
    List<String> r = new ArrayList<>(v.release.subList(0, index + 1));
    r.set(index, new java.math.BigInteger(r.get(index)).add(java.math.BigInteger.ONE).toString());
    return (v.epoch.equals("0") ? "" : v.epoch + "!") + String.join(".", r);
  }
}
