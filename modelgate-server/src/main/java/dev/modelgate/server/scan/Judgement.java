package dev.modelgate.server.scan;

import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import dev.modelgate.server.config.RepoPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's decision about one file: its verdict (the scan's, raised by repository-context
 * findings), whether the policy blocks it, and a one-line reason.
 *
 * @param releasedBy id of the reviewer's release decision that lets a blocked file through, or 0
 */
public record Judgement(String format, Verdict verdict, boolean blocked, String reason,
    List<Scanned.Located> findings, long releasedBy) {

  public Judgement {
    findings = List.copyOf(findings);
  }

  /**
   * Judges a file from its scan and its repository-context findings under {@code policy}.
   * Remote-code findings block unless the policy allows remote code, whatever verdicts it
   * blocks; when it allows remote code they are left out.
   */
  public static Judgement of(String path, String format, Verdict scanVerdict,
      List<Scanned.Located> scanFindings, List<Scanned.Located> context, RepoPolicy policy) {
    List<Scanned.Located> all = new ArrayList<>(scanFindings);
    Verdict v = scanVerdict;
    boolean remote = false;
    for (Scanned.Located l : context) {
      if (l.finding().rule().equals(RepoContext.REMOTE_CODE) && policy.remoteCode()) {
        continue;
      }
      remote |= l.finding().rule().equals(RepoContext.REMOTE_CODE);
      all.add(l);
      v = Verdict.worst(v, l.finding().verdict());
    }
    String reason = null;
    if (remote) {
      reason = path + " is remote code, which the policy blocks (remote_code is false)";
    } else if (policy.blocks(v)) {
      reason = path + " is " + v.label() + ", which the policy blocks"
          + summary(all);
    }
    return new Judgement(format, v, reason != null, reason, all, 0);
  }

  /** A refusal that is not about the file's content (integrity, signatures). */
  public static Judgement refused(String format, Verdict v, String reason, Finding f, String path) {
    return new Judgement(format, v, true, reason, List.of(new Scanned.Located(path, f)), 0);
  }

  /** The same judgement, let through by a reviewer's release. */
  public Judgement released(long decision) {
    return new Judgement(format, verdict, false, reason, findings, decision);
  }

  private static String summary(List<Scanned.Located> fs) {
    Finding worst = null;
    for (Scanned.Located l : fs) {
      if (worst == null || l.finding().verdict().compareTo(worst.verdict()) > 0) {
        worst = l.finding();
      }
    }
    if (worst == null) {
      return "";
    }
    String more = fs.size() > 1 ? " (+" + (fs.size() - 1) + " more)" : "";
    return ": " + worst.rule() + ": " + worst.message() + more;
  }
}
