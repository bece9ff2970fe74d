package dev.modelgate.server.hub;

import dev.modelgate.rules.Verdict;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.scan.Scanned;
import java.util.List;

/**
 * The 403 the gateway answers for a file it will not serve: a JSON body with {@code error},
 * {@code verdict} and {@code findings} (as in modelgate.scan/v1), the verdict in
 * {@code X-Modelgate-Verdict} and the reason in {@code X-Error-Message} (which {@code hf download}
 * prints; a HEAD answer has no body). Never a 5xx: the client would retry it.
 */
final class Refusals {
  private Refusals() {}

  static HttpError error(String path, String commit, Verdict v, String reason,
      List<Scanned.Located> findings) {
    HttpError e = new HttpError(403, "modelgate: " + reason)
        .header("X-Modelgate-Verdict", v.label())
        .field("verdict", v.label())
        .field("findings", Scanned.json(findings))
        .field("path", path);
    if (commit != null) {
      e.header("X-Repo-Commit", commit).field("commit", commit);
    }
    return e;
  }
}
