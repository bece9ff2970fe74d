package dev.modelgate.server.config;

import dev.modelgate.rules.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The config's {@code policy} section: defaults plus rules per organisation ({@code "org/*"}) or
 * repository ({@code "org/name"}). Every rule whose {@code match} fits applies in file order; each
 * field it sets replaces the value so far, except {@code allow}, whose patterns add up.
 */
public final class PolicyRules {
  private static final Set<String> FIELDS = Set.of("block", "allow", "remote_code", "signatures");

  private record Rule(String match, Set<Verdict> block, List<String> allow, Boolean remoteCode,
      boolean setsSignatures, SignaturePolicy signatures) {}

  private final RepoPolicy base;
  private final List<Rule> rules;

  private PolicyRules(RepoPolicy base, List<Rule> rules) {
    this.base = base;
    this.rules = List.copyOf(rules);
  }

  public static PolicyRules defaults() {
    return new PolicyRules(RepoPolicy.defaults(), List.of());
  }

  static PolicyRules parse(Obj o, Path base) throws ConfigException {
    Set<String> keys = new java.util.HashSet<>(FIELDS);
    keys.add("repos");
    o.allowOnly(keys);
    Rule top = rule(o, "*", base);
    RepoPolicy d = RepoPolicy.defaults();
    RepoPolicy start = new RepoPolicy(top.block() != null ? top.block() : d.block(), top.allow(),
        top.remoteCode() != null ? top.remoteCode() : d.remoteCode(), top.signatures(),
        List.of("default"));
    List<Rule> rules = new ArrayList<>();
    for (Obj r : o.objects("repos")) {
      Set<String> rk = new java.util.HashSet<>(FIELDS);
      rk.add("match");
      r.allowOnly(rk);
      String m = r.string("match", null);
      if (m == null || !validMatch(m)) {
        throw r.error("match", "must be \"*\", \"org/*\" or \"org/name\"");
      }
      rules.add(rule(r, m, base));
    }
    return new PolicyRules(start, rules);
  }

  private static Rule rule(Obj o, String match, Path base) throws ConfigException {
    Set<Verdict> block = null;
    if (o.has("block")) {
      block = EnumSet.noneOf(Verdict.class);
      for (String v : o.strings("block")) {
        block.add(verdict(o, v));
      }
    }
    Boolean rc = o.has("remote_code") ? o.bool("remote_code", false) : null;
    boolean setsSig = o.has("signatures");
    SignaturePolicy sig = null;
    if (setsSig && !Boolean.FALSE.equals(o.raw("signatures"))) {
      sig = SignaturePolicy.parse(o.object("signatures"), base);
    }
    List<String> allow = o.strings("allow");
    try {
      dev.modelgate.policy.Policy.defaults().allow(allow);
    } catch (IllegalArgumentException e) {
      throw o.error("allow", e.getMessage());
    }
    return new Rule(match, block, allow, rc, setsSig, sig);
  }

  private static Verdict verdict(Obj o, String v) throws ConfigException {
    for (Verdict x : Verdict.values()) {
      if (x.label().equals(v.toLowerCase(Locale.ROOT))) {
        return x;
      }
    }
    throw o.error("block", "unknown verdict \"" + v + "\" (clean, suspicious, invalid, malicious)");
  }

  private static boolean validMatch(String m) {
    return m.equals("*") || m.matches("[A-Za-z0-9][A-Za-z0-9._-]*/(\\*|[A-Za-z0-9][A-Za-z0-9._-]*)")
        || m.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
  }

  private static boolean matches(String match, String repo) {
    if (match.equals("*") || match.equals(repo)) {
      return true;
    }
    if (match.endsWith("/*")) {
      return repo.startsWith(match.substring(0, match.length() - 1));
    }
    return false;
  }

  /** The policy for {@code repo} ({@code org/name} or a bare {@code name}). */
  public RepoPolicy forRepo(String repo) {
    Set<Verdict> block = base.block();
    List<String> allow = new ArrayList<>(base.allow());
    boolean rc = base.remoteCode();
    SignaturePolicy sig = base.signatures();
    List<String> applied = new ArrayList<>(base.rules());
    for (Rule r : rules) {
      if (!matches(r.match(), repo)) {
        continue;
      }
      applied.add(r.match());
      if (r.block() != null) {
        block = r.block();
      }
      allow.addAll(r.allow());
      if (r.remoteCode() != null) {
        rc = r.remoteCode();
      }
      if (r.setsSignatures()) {
        sig = r.signatures();
      }
    }
    return new RepoPolicy(block, allow, rc, sig, applied);
  }
}
