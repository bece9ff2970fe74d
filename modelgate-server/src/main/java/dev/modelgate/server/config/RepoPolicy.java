package dev.modelgate.server.config;

import dev.modelgate.ModelGate;
import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy in effect for one repository: which verdicts are refused, which globals its pickles
 * may import beyond the built-in allowlist, whether remote code ({@code *.py}, {@code auto_map})
 * may be served, and which signatures it must carry (null: none required).
 *
 * @param rules the config rules that shaped it, in order, for messages and the dashboard
 */
public record RepoPolicy(Set<Verdict> block, List<String> allow, boolean remoteCode,
    SignaturePolicy signatures, List<String> rules) {

  public RepoPolicy {
    block = Set.copyOf(block.isEmpty() ? EnumSet.noneOf(Verdict.class) : EnumSet.copyOf(block));
    allow = List.copyOf(new TreeSet<>(allow));
    rules = List.copyOf(rules);
  }

  /** Everything that is not clean is refused; no extra globals; no remote code; no signatures. */
  public static RepoPolicy defaults() {
    return new RepoPolicy(EnumSet.of(Verdict.SUSPICIOUS, Verdict.INVALID, Verdict.MALICIOUS),
        List.of(), false, null, List.of("default"));
  }

  public boolean blocks(Verdict v) {
    return block.contains(v);
  }

  /** The same policy with more allowed globals (an admin's allowlist decision). */
  public RepoPolicy withAllowed(List<String> more, String rule) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> a = new ArrayList<>(allow);
    a.addAll(more);
    List<String> r = new ArrayList<>(rules);
    r.add(rule);
    return new RepoPolicy(block, a, remoteCode, signatures, r);
  }

  /** The core scanning policy: the built-in allowlist plus {@link #allow}. */
  public Policy scanPolicy() {
    return Policy.defaults().allow(allow);
  }

  /**
   * Identifies what a cached scan depends on: the engine version and the allowlist. A scan made
   * under another key is redone, so a new allow pattern or a new modelgate release takes effect.
   */
  public String scanKey() {
    String text = ModelGate.VERSION + "\n" + String.join("\n", allow);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
