package dev.modelgate.server.web;

import dev.modelgate.ModelGate;

/** The frame every page shares: head, navigation, the CSRF value for the page's script. */
final class Layout {
  private Layout() {}

  static String page(String title, String csrf, boolean admin, String body) {
    Html h = new Html();
    h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>").text(title).raw(" · modelgate</title>")
        .raw("<link rel=\"stylesheet\" href=\"/ui/dashboard.css\">");
    if (csrf != null) {
      h.raw("<meta name=\"csrf-token\" content=\"").text(csrf).raw("\">")
          .raw("<script src=\"/ui/dashboard.js\" defer></script>");
    }
    h.raw("</head><body><header><strong>modelgate serve</strong> <span class=\"muted\">")
        .text(ModelGate.VERSION).raw("</span>");
    if (csrf != null) {
      h.raw("<nav><a href=\"/\">Overview</a> <a href=\"/ui/events\">Events</a> ")
          .raw(admin ? "<a href=\"/ui/review\">Quarantine review</a> " : "")
          .raw("<a href=\"/ui/scan\">Scan a file</a> ")
          .raw("<form method=\"post\" action=\"/ui/signout\" class=\"inline\">")
          .raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(csrf)
          .raw("\"><button type=\"submit\">Sign out</button></form></nav>");
    }
    h.raw("</header><main>").raw(body).raw("</main></body></html>\n");
    return h.toString();
  }

  static String signIn(String message) {
    Html h = new Html();
    h.raw("<h1>Sign in</h1><p>Paste a gateway token (<code>modelgate serve token create</code>)."
        + " It is kept in a cookie this page's script cannot read.</p>");
    if (message != null) {
      h.raw("<p class=\"error\" id=\"error\">").text(message).raw("</p>");
    }
    h.raw("<form method=\"post\" action=\"/ui/signin\"><label>Token <input type=\"password\" "
        + "name=\"token\" id=\"token\" autocomplete=\"off\" required></label> "
        + "<button type=\"submit\" id=\"signin\">Sign in</button></form>");
    return page("Sign in", null, false, h.toString());
  }
}
