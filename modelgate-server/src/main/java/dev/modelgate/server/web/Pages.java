package dev.modelgate.server.web;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.EventStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The overview's figures, the events table and the finding view, as escaped HTML. */
final class Pages {
  private Pages() {}

  @SuppressWarnings("ArrayRecordComponent") // rendered once, never compared
  record Overview(long[][] hourly, long blobs, long blobBytes, long hits, long misses,
      long upstreamErrors, long lastHourUpstreamErrors) {}

  static String overview(Overview o, List<Event> recentBlocked) {
    Html h = new Html();
    long judged = sum(o.hourly()[1]);
    h.raw("<h1>Overview</h1><p class=\"muted\">Last 24 hours, per hour.</p>")
        .raw(Chart.svg(o.hourly()))
        .raw("<div class=\"cards\">")
        .raw(card("requests", sum(o.hourly()[0]) + ""))
        .raw(card("files judged", judged + ""))
        .raw(card("blocked", sum(o.hourly()[2]) + ""))
        .raw(card("cache", o.blobs() + " files, " + mib(o.blobBytes())))
        .raw(card("cache hit rate", o.hits() + o.misses() == 0 ? "–"
            : Math.round(100.0 * o.hits() / (o.hits() + o.misses())) + " %"))
        .raw(card("upstream", o.lastHourUpstreamErrors() == 0 ? "healthy"
            : o.lastHourUpstreamErrors() + " errors in the last hour"))
        .raw("</div><h2>Recently blocked</h2>").raw(table(recentBlocked, null));
    return h.toString();
  }

  private static String card(String label, String value) {
    return new Html().raw("<div class=\"card\"><div class=\"muted\">").text(label)
        .raw("</div><div class=\"value\" data-card=\"").text(label).raw("\">").text(value)
        .raw("</div></div>").toString();
  }

  static String events(EventStore.Page page, Map<String, String> filters) {
    Html h = new Html();
    h.raw("<h1>Events</h1><form method=\"get\" action=\"/ui/events\" class=\"filters\">");
    for (String f : WebRoutes.FILTERS) {
      h.raw("<label>").text(f).raw(" <input name=\"").text(f).raw("\" id=\"f-").text(f)
          .raw("\" value=\"").text(filters.get(f)).raw("\"></label> ");
    }
    h.raw("<button type=\"submit\" id=\"apply\">Filter</button></form>");
    h.raw(table(page.events(), null));
    if (page.next() != null) {
      StringBuilder q = new StringBuilder("/ui/events?before=" + page.next());
      filters.forEach((k, v) -> q.append('&').append(Html.q(k)).append('=').append(Html.q(v)));
      h.raw("<p><a id=\"older\" href=\"").text(q).raw("\">Older events</a></p>");
    }
    return h.toString();
  }

  static String table(List<Event> events, String empty) {
    if (events.isEmpty()) {
      return new Html().raw("<p class=\"muted\" id=\"no-events\">").text(empty == null
          ? "No events." : empty).raw("</p>").toString();
    }
    Html h = new Html();
    h.raw("<table id=\"events\"><thead><tr><th>time</th><th>kind</th><th>repo</th><th>file</th>"
        + "<th>revision</th><th>verdict</th><th>client / token</th></tr></thead><tbody>");
    for (Event e : events) {
      h.raw("<tr class=\"" + (e.blocked() ? "blocked" : "") + "\" data-id=\"" + e.id() + "\">")
          .raw("<td><a href=\"/ui/events/" + e.id() + "\">").text(time(e.at())).raw("</a></td>")
          .el("td", e.kind()).el("td class=\"repo\"", e.repo()).el("td class=\"file\"", e.path())
          .el("td", e.revision() != null ? e.revision() : shortSha(e.commit()))
          .el("td class=\"verdict\"", (e.verdict() == null ? "" : e.verdict())
              + (e.blocked() ? " (blocked)" : ""))
          .el("td", (e.client() == null ? "" : e.client())
              + (e.tokenName() == null ? "" : " / " + e.tokenName()))
          .raw("</tr>");
    }
    return h.raw("</tbody></table>").toString();
  }

  static String finding(Event e, RepoPolicy policy) {
    Html h = new Html();
    h.raw("<h1>Event ").text(e.id()).raw("</h1><dl class=\"facts\">");
    fact(h, "time", time(e.at()));
    fact(h, "kind", e.kind());
    fact(h, "repo", e.repo());
    fact(h, "file", e.path());
    fact(h, "revision", e.revision());
    fact(h, "commit", e.commit());
    fact(h, "sha256", e.sha256());
    fact(h, "format", e.format());
    fact(h, "size", e.size() == null ? null : e.size() + " bytes");
    fact(h, "verdict", e.verdict());
    fact(h, "blocked", e.blocked() ? "yes" : "no");
    fact(h, e.blocked() ? "blocked because" : "reason", e.reason());
    fact(h, "client / token", e.client() + (e.tokenName() == null ? "" : " / " + e.tokenName()));
    fact(h, "detail", e.detail());
    h.raw("</dl><h2>Findings</h2>");
    List<?> fs = findings(e.findings());
    if (fs.isEmpty()) {
      h.raw("<p class=\"muted\">No findings.</p>");
    } else {
      h.raw("<table id=\"findings\"><thead><tr><th>rule</th><th>severity</th><th>file</th>"
          + "<th>location</th><th>message</th><th>evidence</th></tr></thead><tbody>");
      for (Object o : fs) {
        Map<?, ?> f = o instanceof Map<?, ?> m ? m : Map.of();
        h.raw("<tr>").el("td class=\"rule\"", f.get("rule")).el("td", f.get("severity"))
            .el("td", f.get("path")).el("td", f.get("location")).el("td", f.get("message"))
            .raw("<td><pre class=\"evidence\">").text(f.get("evidence")).raw("</pre></td></tr>");
      }
      h.raw("</tbody></table>");
    }
    if (policy != null) {
      h.raw("<h2>Policy in effect for ").text(e.repo()).raw("</h2>").raw(policy(policy));
    }
    return h.toString();
  }

  static String policy(RepoPolicy p) {
    Html h = new Html().raw("<dl class=\"facts policy\">");
    fact(h, "blocks", String.join(", ", p.block().stream().sorted().map(v -> v.label())
        .toList()));
    fact(h, "extra allowed globals", String.join(", ", p.allow()));
    fact(h, "remote code", p.remoteCode() ? "allowed" : "refused");
    fact(h, "signatures", p.signatures() == null ? "not required" : "required ("
        + p.signatures().file() + ")");
    fact(h, "config rules applied", String.join(" → ", p.rules()));
    return h.raw("</dl>").toString();
  }

  private static void fact(Html h, String k, Object v) {
    if (v != null) {
      h.el("dt", k).el("dd data-fact=\"" + Html.esc(k) + "\"", v);
    }
  }

  private static List<?> findings(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return Json.parse(json) instanceof List<?> l ? l : List.of();
    } catch (JsonException e) {
      return List.of();
    }
  }

  static String time(long at) {
    return Instant.ofEpochMilli(at).toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z");
  }

  private static String shortSha(String s) {
    return s == null ? null : s.substring(0, Math.min(12, s.length()));
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
