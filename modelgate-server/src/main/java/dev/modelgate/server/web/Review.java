package dev.modelgate.server.web;

import dev.modelgate.server.store.DecisionStore.Decision;
import dev.modelgate.server.store.Event;
import java.util.List;

/**
 * The quarantine review (admin only): blocked files with a release form, an allowlist form for
 * an organisation, and the decisions with a revoke form. The forms post JSON to the existing
 * {@code /v1/decisions} API through the page's script (cookie + CSRF header), so a decision made
 * here is exactly one the API would make: written to the audit log and applied to the policy.
 */
final class Review {
  private Review() {}

  static String page(List<Event> blocked, List<Decision> decisions) {
    Html h = new Html();
    h.raw("<h1>Quarantine review</h1><p class=\"error\" id=\"api-error\" hidden></p>");
    h.raw("<h2>Blocked files</h2>");
    if (blocked.isEmpty()) {
      h.raw("<p class=\"muted\">Nothing blocked.</p>");
    }
    for (Event e : blocked) {
      if (e.commit() == null || e.repo() == null || e.path() == null) {
        continue;
      }
      h.raw("<form class=\"decision release\" data-api=\"/v1/decisions\">")
          .raw("<input type=\"hidden\" name=\"kind\" value=\"release\">")
          .raw("<input type=\"hidden\" name=\"repo\" value=\"").text(e.repo()).raw("\">")
          .raw("<input type=\"hidden\" name=\"commit\" value=\"").text(e.commit()).raw("\">")
          .raw("<input type=\"hidden\" name=\"path\" value=\"").text(e.path()).raw("\">")
          .raw("<a href=\"/ui/events/" + e.id() + "\">").text(e.repo() + " @ "
              + e.commit().substring(0, Math.min(12, e.commit().length())) + " : " + e.path())
          .raw("</a> <span class=\"muted\">").text(e.reason()).raw("</span> ")
          .raw("<input name=\"reason\" required placeholder=\"reason (required)\"> ")
          .raw("<button type=\"submit\">Release</button></form>");
    }
    h.raw("<h2>Allow a global for an organisation</h2>")
        .raw("<form class=\"decision allow\" data-api=\"/v1/decisions\" id=\"allow-form\">")
        .raw("<input type=\"hidden\" name=\"kind\" value=\"allow\">")
        .raw("<input name=\"org\" required placeholder=\"organisation\"> ")
        .raw("<input name=\"pattern\" required placeholder=\"module.callable\"> ")
        .raw("<input name=\"reason\" required placeholder=\"reason (required)\"> ")
        .raw("<button type=\"submit\">Allow</button></form>");
    h.raw("<h2>Decisions</h2><table id=\"decisions\"><thead><tr><th>#</th><th>kind</th>"
        + "<th>what</th><th>reason</th><th>by</th><th>state</th></tr></thead><tbody>");
    for (Decision d : decisions) {
      String what = d.kind().equals("release") ? d.repo() + " @ " + d.commit() + " : " + d.path()
          : d.org() + "/* allows " + d.pattern();
      h.raw("<tr data-decision=\"" + d.id() + "\">").el("td", d.id()).el("td", d.kind())
          .el("td", what).el("td", d.reason()).el("td", d.createdBy());
      if (d.active()) {
        h.raw("<td><form class=\"decision revoke\" data-api=\"/v1/decisions/" + d.id()
            + "/revoke\"><input name=\"reason\" required placeholder=\"reason (required)\"> "
            + "<button type=\"submit\">Revoke</button></form></td>");
      } else {
        h.el("td", "revoked by " + d.revokedBy() + ": " + d.revokeReason());
      }
      h.raw("</tr>");
    }
    return h.raw("</tbody></table>").toString();
  }

  static String scan() {
    return "<h1>Scan a file</h1><p>Drop a file here or choose one; it is sent to "
        + "<code>POST /v1/scan</code> (needs a token with the upload role) and not stored.</p>"
        + "<div id=\"drop\" class=\"drop\">Drop a model file here <input type=\"file\" "
        + "id=\"scan-file\"></div><p id=\"scan-verdict\" class=\"value\"></p>"
        + "<table id=\"scan-findings\"><tbody></tbody></table>";
  }
}
