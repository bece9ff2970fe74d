package dev.modelgate.server.api;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.rules.Verdict;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.store.DecisionStore.Decision;
import dev.modelgate.server.store.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON views of stored rows, as the API (and the dashboard) shows them. */
final class Views {
  private Views() {}

  static Map<String, Object> event(Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("time", Instant.ofEpochMilli(e.at()).toString());
    m.put("at", e.at());
    m.put("kind", e.kind());
    m.put("client", e.client());
    m.put("token", e.tokenName());
    m.put("repo", e.repo());
    m.put("revision", e.revision());
    m.put("commit", e.commit());
    m.put("path", e.path());
    m.put("sha256", e.sha256());
    m.put("size", e.size());
    m.put("format", e.format());
    m.put("verdict", e.verdict());
    m.put("blocked", e.blocked());
    m.put("reason", e.reason());
    m.put("findings", parsed(e.findings()));
    m.put("status", e.status());
    m.put("detail", e.detail());
    return m;
  }

  static Map<String, Object> decision(Decision d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("kind", d.kind());
    m.put("active", d.active());
    m.put("repo", d.repo());
    m.put("org", d.org());
    m.put("commit", d.commit());
    m.put("path", d.path());
    m.put("sha256", d.sha256());
    m.put("pattern", d.pattern());
    m.put("reason", d.reason());
    m.put("created_by", d.createdBy());
    m.put("created", Instant.ofEpochMilli(d.createdAt()).toString());
    m.put("revoked", d.revokedAt() == null ? null : Instant.ofEpochMilli(d.revokedAt())
        .toString());
    m.put("revoked_by", d.revokedBy());
    m.put("revoke_reason", d.revokeReason());
    return m;
  }

  static Map<String, Object> policy(String repo, RepoPolicy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("repo", repo);
    m.put("block", p.block().stream().sorted().map(Verdict::label).toList());
    m.put("allow", p.allow());
    m.put("remote_code", p.remoteCode());
    if (p.signatures() != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("file", p.signatures().file());
      s.put("verifiers", p.signatures().names());
      s.put("ignore_paths", p.signatures().ignorePaths());
      m.put("signatures", s);
    } else {
      m.put("signatures", null);
    }
    m.put("rules", p.rules());
    return m;
  }

  private static Object parsed(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.parse(json);
    } catch (JsonException e) {
      return json;
    }
  }
}
