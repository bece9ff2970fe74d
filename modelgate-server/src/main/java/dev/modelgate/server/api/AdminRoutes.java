package dev.modelgate.server.api;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.server.http.Access;
import dev.modelgate.server.http.Exchange;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.http.Uploads;
import dev.modelgate.server.http.Router;
import dev.modelgate.server.policy.PolicyService;
import dev.modelgate.server.store.Counters;
import dev.modelgate.server.store.DecisionStore;
import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.EventStore;
import dev.modelgate.server.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admin endpoints: the audit log ({@code GET /v1/events}, filtered and paged), reviewers'
 * decisions ({@code /v1/decisions}: release a blocked file, allow a global for an organisation,
 * revoke either, each with a mandatory reason that goes into the audit log), the policy in effect
 * for a repository ({@code /v1/policy}) and counts over time ({@code /v1/stats}).
 */
public final class AdminRoutes {
  private static final int MAX_BODY = 64 << 10;

  private final Store store;
  private final PolicyService policies;

  public AdminRoutes(Store store, PolicyService policies) {
    this.store = store;
    this.policies = policies;
  }

  public void register(Router r) {
    r.exact("events", Set.of("GET"), "/v1/events", Access.ADMIN, this::events);
    r.add("event", Set.of("GET"), p -> p.matches("/v1/events/[0-9]{1,18}"), Access.ADMIN,
        this::event);
    r.exact("decisions", Set.of("GET", "POST"), "/v1/decisions", Access.ADMIN, this::decisions);
    r.add("revoke", Set.of("POST"), p -> p.matches("/v1/decisions/[0-9]{1,18}/revoke"),
        Access.ADMIN, this::revoke);
    r.exact("policy", Set.of("GET"), "/v1/policy", Access.ADMIN, this::policy);
    r.exact("stats", Set.of("GET"), "/v1/stats", Access.ADMIN, this::stats);
  }

  private void events(Exchange x) throws Exception {
    Boolean blocked = x.query("blocked") == null ? null : Boolean.parseBoolean(x.query(
        "blocked"));
    EventStore.Query q = new EventStore.Query(x.query("kind"), x.query("repo"), x.query("path"),
        x.query("verdict"), blocked, x.query("client"), x.query("token"), num(x, "since"),
        num(x, "until"), num(x, "before"), num(x, "limit") == null ? 50
        : (int) Math.min(num(x, "limit"), EventStore.MAX_PAGE));
    EventStore.Page page = store.events().query(q);
    List<Object> rows = new ArrayList<>();
    for (Event e : page.events()) {
      rows.add(Views.event(e));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("events", rows);
    doc.put("next", page.next() == null ? null : page.next());
    x.json(200, doc);
  }

  private void event(Exchange x) throws Exception {
    long id = Long.parseLong(x.rawPath().substring("/v1/events/".length()));
    Event e = store.events().get(id);
    if (e == null) {
      throw HttpError.notFound("no event " + id);
    }
    x.json(200, Views.event(e));
  }

  private void decisions(Exchange x) throws Exception {
    if (x.method().equals("GET")) {
      boolean active = "true".equals(x.query("active"));
      List<Object> rows = new ArrayList<>();
      for (DecisionStore.Decision d : store.decisions().list(active)) {
        rows.add(Views.decision(d));
      }
      x.json(200, Map.of("decisions", rows));
      return;
    }
    Map<?, ?> body = body(x);
    String kind = str(body, "kind", true);
    String reason = reason(body);
    String by = x.principal().name();
    long id;
    if (kind.equals(DecisionStore.RELEASE)) {
      String repo = str(body, "repo", true);
      String commit = str(body, "commit", true);
      String path = str(body, "path", true);
      if (!commit.matches("[0-9a-f]{40}")) {
        throw HttpError.badRequest("commit must be a 40-character commit sha");
      }
      var f = store.hub().file(repo, commit, path).orElseThrow(() -> HttpError.notFound(
          "the gateway has not stored " + repo + "@" + commit + ":" + path));
      id = store.decisions().release(repo, commit, path, f.sha256(), reason, by);
      store.events().append(Event.of("decision").client(x.client(), by)
          .file(repo, null, commit, path).blob(f.sha256(), f.size(), null)
          .verdict(null, false, reason, null).detail("release #" + id).build());
    } else if (kind.equals(DecisionStore.ALLOW)) {
      String org = str(body, "org", true);
      String pattern = str(body, "pattern", true);
      try {
        dev.modelgate.policy.Policy.defaults().allow(List.of(pattern));
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest(e.getMessage());
      }
      if (!org.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,95}")) {
        throw HttpError.badRequest("org must be an organisation name");
      }
      id = store.decisions().allow(org, pattern, reason, by);
      store.events().append(Event.of("decision").client(x.client(), by)
          .file(org + "/*", null, null, null).verdict(null, false, reason, null)
          .detail("allow " + pattern + " #" + id).build());
    } else {
      throw HttpError.badRequest("kind must be \"release\" or \"allow\"");
    }
    policies.reload();
    x.json(201, Views.decision(store.decisions().get(id)));
  }

  private void revoke(Exchange x) throws Exception {
    String p = x.rawPath();
    long id = Long.parseLong(p.substring("/v1/decisions/".length(), p.length() - "/revoke"
        .length()));
    String reason = reason(body(x));
    DecisionStore.Decision d = store.decisions().get(id);
    if (d == null) {
      throw HttpError.notFound("no decision " + id);
    }
    if (!store.decisions().revoke(id, reason, x.principal().name())) {
      throw new HttpError(409, "decision " + id + " is revoked already");
    }
    store.events().append(Event.of("revoke").client(x.client(), x.principal().name())
        .file(d.repo() != null ? d.repo() : d.org() + "/*", null, d.commit(), d.path())
        .verdict(null, false, reason, null).detail("revoked " + d.kind() + " #" + id).build());
    policies.reload();
    x.json(200, Views.decision(store.decisions().get(id)));
  }

  private void policy(Exchange x) throws Exception {
    String repo = x.query("repo");
    if (repo == null || !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?")) {
      throw HttpError.badRequest("repo=ORG/NAME is required");
    }
    x.json(200, Views.policy(repo, policies.forRepo(repo)));
  }

  private void stats(Exchange x) throws Exception {
    long now = System.currentTimeMillis();
    Long since = num(x, "since");
    Long until = num(x, "until");
    List<Object> points = new ArrayList<>();
    for (Counters.Point p : store.counters().range(since == null ? now - 7 * 86_400_000L : since,
        until == null ? now + 3_600_000 : until)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bucket", p.bucket());
      m.put("name", p.name());
      m.put("value", p.value());
      points.add(m);
    }
    long[] blobs = store.hub().blobTotals();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("points", points);
    doc.put("blobs", blobs[0]);
    doc.put("blob_bytes", blobs[1]);
    x.json(200, doc);
  }

  private static Long num(Exchange x, String name) throws HttpError {
    String v = x.query(name);
    if (v == null) {
      return null;
    }
    if (!v.matches("[0-9]{1,18}")) {
      throw HttpError.badRequest(name + " must be a whole number");
    }
    return Long.parseLong(v);
  }

  private static Map<?, ?> body(Exchange x) throws Exception {
    byte[] body = Uploads.readSmall(x, MAX_BODY,
        "the body is larger than " + MAX_BODY + " bytes");
    try {
      if (Json.parse(body) instanceof Map<?, ?> m) {
        return m;
      }
    } catch (JsonException e) {
      throw HttpError.badRequest("the body is not valid JSON: " + e.getMessage());
    }
    throw HttpError.badRequest("the body must be a JSON object");
  }

  private static String str(Map<?, ?> m, String key, boolean required) throws HttpError {
    Object v = m.get(key);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw HttpError.badRequest("\"" + key + "\" (a string) is required");
    }
    return s;
  }

  private static String reason(Map<?, ?> m) throws HttpError {
    String r = str(m, "reason", true).strip();
    if (r.length() > 2000) {
      throw HttpError.badRequest("the reason is longer than 2000 characters");
    }
    return r;
  }
}
