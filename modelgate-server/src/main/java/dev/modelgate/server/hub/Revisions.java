package dev.modelgate.server.hub;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.store.HubStore;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves branches and tags to commits through the upstream's revision endpoint. Answers are
 * kept: a branch is asked again after the TTL, a commit never; when the upstream is down the last
 * answer is used, so fresh clients still get through to cached files.
 */
final class Revisions {
  private final Upstream upstream;
  private final HubStore store;
  private final Duration ttl;
  private final int maxJson;

  Revisions(Upstream upstream, HubStore store, Duration ttl, int maxJson) {
    this.upstream = upstream;
    this.store = store;
    this.ttl = ttl;
    this.maxJson = maxJson;
  }

  /** A commit and the upstream's answer (null when it was not needed). */
  record Resolved(String commit, String body) {}

  /** Resolves {@code rev}; with {@code needBody} the upstream's info document is returned too. */
  Resolved resolve(String repo, String rev, boolean needBody) throws HttpError, SQLException {
    if (HubPaths.isCommit(rev) && !needBody) {
      return new Resolved(rev, null);
    }
    Optional<HubStore.Revision> cached = store.revision(repo, rev);
    boolean immutable = HubPaths.isCommit(rev);
    if (cached.isPresent() && (immutable
        || System.currentTimeMillis() - cached.get().fetchedAt() < ttl.toMillis())) {
      return new Resolved(cached.get().commit(), cached.get().body());
    }
    Upstream.Json j;
    try {
      j = upstream.json(upstream.uri("/api/models/" + repo + "/revision/"
          + HubPaths.encodeSegment(rev)), maxJson);
    } catch (UpstreamException e) {
      if (cached.isPresent() && !e.refusedRedirect()) {
        return new Resolved(cached.get().commit(), cached.get().body());
      }
      throw UpstreamErrors.down(e, "revision " + rev + " of " + repo);
    }
    if (j.status() != 200) {
      throw UpstreamErrors.passThrough(j);
    }
    String sha;
    try {
      Object doc = Json.parse(j.body());
      if (!(doc instanceof Map<?, ?> m) || !(m.get("sha") instanceof String s)
          || !HubPaths.isCommit(s)) {
        throw new HttpError(502, "the upstream's revision answer names no commit sha");
      }
      sha = s;
    } catch (JsonException e) {
      throw new HttpError(502, "the upstream's revision answer is not valid JSON");
    }
    String body = new String(j.body(), StandardCharsets.UTF_8);
    store.putRevision(repo, rev, sha, body);
    if (!rev.equals(sha)) {
      store.putRevision(repo, sha, sha, body);
    }
    return new Resolved(sha, body);
  }
}
