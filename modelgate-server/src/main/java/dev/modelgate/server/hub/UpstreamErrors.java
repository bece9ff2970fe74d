package dev.modelgate.server.hub;

import dev.modelgate.json.Json;
import dev.modelgate.server.http.HttpError;
import java.util.Map;
import java.util.Set;

/**
 * Turns the upstream's client errors into the gateway's answer: same status, same
 * {@code X-Error-Code} (transformers relies on {@code EntryNotFound} for optional files), and the
 * upstream's message, cut to one safe line.
 */
final class UpstreamErrors {
  private static final Set<String> CODES = Set.of("RepoNotFound", "RevisionNotFound",
      "EntryNotFound", "GatedRepo");

  private UpstreamErrors() {}

  static HttpError passThrough(Upstream.Json j) {
    String code = j.answer().header("X-Error-Code");
    String msg = j.answer().header("X-Error-Message");
    if (msg == null) {
      try {
        if (Json.parse(j.body()) instanceof Map<?, ?> m && m.get("error") instanceof String s) {
          msg = s;
        }
      } catch (Exception e) {
        // not JSON: keep the generic message
      }
    }
    int st = j.status();
    HttpError e = new HttpError(st == 401 || st == 403 || st == 404 || st == 410 ? st : 502,
        "upstream: " + (msg == null ? "HTTP " + st : msg));
    if (code != null && CODES.contains(code)) {
      e.header("X-Error-Code", code);
    }
    return e;
  }

  static HttpError down(UpstreamException u, String what) {
    if (u.refusedRedirect()) {
      return new HttpError(502, u.getMessage());
    }
    return new HttpError(502, "the upstream is unavailable and " + what + " is not cached: "
        + u.getMessage());
  }
}
