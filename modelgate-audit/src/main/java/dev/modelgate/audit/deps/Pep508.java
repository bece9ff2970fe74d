package dev.modelgate.audit.deps;

/**
 * PEP 508 requirement strings as far as the audit needs them: the name, the version specifier
 * (bare or in parentheses), a direct URL (then no version is known) and the marker (ignored: a
 * requirement is audited whatever platform it is for).
 */
final class Pep508 {
  private Pep508() {}

  record Parsed(String name, SpecifierSet spec, boolean url) {}

  /** Parses a requirement; throws {@link IllegalArgumentException} naming what is wrong. */
  static Parsed parse(String req) {
    String s = req.strip();
    int semi = s.indexOf(';');
    // a ';' inside a URL is not a marker separator when followed by no whitespace (PEP 508)
    if (semi >= 0 && s.contains("@") && s.indexOf('@') < semi
        && semi + 1 < s.length() && !Character.isWhitespace(s.charAt(semi + 1))) {
      int ws = s.indexOf(" ;");
      semi = ws >= 0 ? ws + 1 : -1;
    }
    String head = semi >= 0 ? s.substring(0, semi).strip() : s;
    int k = 0;
    while (k < head.length() && (Character.isLetterOrDigit(head.charAt(k))
        || head.charAt(k) == '-' || head.charAt(k) == '_' || head.charAt(k) == '.')) {
      k++;
    }
    if (k == 0 || !Character.isLetterOrDigit(head.charAt(0))
        || !Character.isLetterOrDigit(head.charAt(k - 1))) {
      throw new IllegalArgumentException("not a requirement: '" + req.strip() + "'");
    }
    String name = head.substring(0, k);
    String rest = head.substring(k).strip();
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed extras in '" + req.strip() + "'");
      }
      rest = rest.substring(close + 1).strip();
    }
    if (rest.startsWith("@")) {
      return new Parsed(name, null, true);
    }
    if (rest.startsWith("(") && rest.endsWith(")")) {
      rest = rest.substring(1, rest.length() - 1).strip();
    }
    SpecifierSet spec = rest.isEmpty() ? null : SpecifierSet.parse(rest);
    return new Parsed(name, spec, false);
  }

  static Dependency dependency(String req, String file, int line) {
    Parsed p = parse(req);
    Version pinned = p.spec == null ? null : p.spec.pinned();
    return new Dependency(Dependency.normalize(p.name), p.spec, pinned, file, line, req.strip());
  }
}
