package dev.modelgate.server.web;

import dev.modelgate.server.http.Access;
import dev.modelgate.server.http.Auth;
import dev.modelgate.server.http.BrowserSession;
import dev.modelgate.server.http.Exchange;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.http.Router;
import dev.modelgate.server.policy.PolicyService;
import dev.modelgate.server.store.Counters;
import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.EventStore;
import dev.modelgate.server.store.Store;
import dev.modelgate.server.store.TokenStore.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard at {@code /}: server-rendered pages, a stylesheet and one script from the jar.
 * Pages sign in with the token cookie ({@link BrowserSession}); the overview and the scan page
 * need any valid token, the audit log, finding views and the quarantine review the admin role
 * (as the JSON API does).
 */
public final class WebRoutes {
  /** The events table's filters, as query parameters of {@code /ui/events}. */
  static final List<String> FILTERS = List.of("repo", "path", "verdict", "kind", "token",
      "blocked");
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
      + "script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'";
  private static final int HOURS = 24;

  private record Session(String secret, Auth.Principal who) {
    boolean admin() {
      return who.has(Role.ADMIN);
    }
  }

  private final Store store;
  private final Auth auth;
  private final PolicyService policies;

  public WebRoutes(Store store, Auth auth, PolicyService policies) {
    this.store = store;
    this.auth = auth;
    this.policies = policies;
  }

  public void register(Router r) {
    Set<String> get = Set.of("GET", "HEAD");
    r.exact("ui-home", get, "/", Access.OPEN, this::overview);
    r.exact("ui-signin", Set.of("GET", "HEAD", "POST"), "/ui/signin", Access.OPEN, this::signIn);
    r.exact("ui-signout", Set.of("POST"), "/ui/signout", Access.OPEN, this::signOut);
    r.exact("ui-events", get, "/ui/events", Access.OPEN, this::events);
    r.add("ui-event", get, p -> p.matches("/ui/events/[0-9]{1,18}"), Access.OPEN, this::event);
    r.exact("ui-review", get, "/ui/review", Access.OPEN, this::review);
    r.exact("ui-scan", get, "/ui/scan", Access.OPEN, this::scan);
    r.exact("ui-css", get, "/ui/dashboard.css", Access.OPEN, x -> asset(x, "dashboard.css",
        "text/css"));
    r.exact("ui-js", get, "/ui/dashboard.js", Access.OPEN, x -> asset(x, "dashboard.js",
        "text/javascript"));
  }

  private void overview(Exchange x) throws Exception {
    Optional<Session> s = session(x, false);
    if (s.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    List<Counters.Point> pts = store.counters().range(now - (HOURS + 1) * 3_600_000L,
        now + 3_600_000L);
    long hits = 0;
    long misses = 0;
    long errors = 0;
    long lastHour = 0;
    for (Counters.Point p : pts) {
      switch (p.name()) {
        case "cache_hits" -> hits += p.value();
        case "cache_misses" -> misses += p.value();
        case "upstream_errors" -> {
          errors += p.value();
          lastHour += p.bucket() >= now / 3_600_000L * 3_600_000L ? p.value() : 0;
        }
        default -> { }
      }
    }
    long[] blobs = store.hub().blobTotals();
    List<Event> blocked = s.get().admin() ? store.events().query(new EventStore.Query(null, null,
        null, null, true, null, null, null, null, null, 10)).events() : List.of();
    html(x, s.get(), "Overview", Pages.overview(new Pages.Overview(Chart.buckets(pts, now,
        HOURS), blobs[0], blobs[1], hits, misses, errors, lastHour), blocked));
  }

  private void events(Exchange x) throws Exception {
    Optional<Session> s = session(x, true);
    if (s.isEmpty()) {
      return;
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (String k : FILTERS) {
      String v = x.query(k);
      if (v != null && !v.isBlank() && v.length() <= 1000) {
        f.put(k, v.strip());
      }
    }
    String before = x.query("before");
    if (before != null && !before.matches("[0-9]{1,18}")) {
      throw HttpError.badRequest("before must be an event id");
    }
    String blocked = f.get("blocked");
    EventStore.Page page = store.events().query(new EventStore.Query(f.get("kind"),
        f.get("repo"), f.get("path"), f.get("verdict"), blocked == null ? null
        : Boolean.valueOf(blocked.equals("true") || blocked.equals("yes")), null, f.get("token"),
        null, null, before == null ? null : Long.valueOf(before), 50));
    html(x, s.get(), "Events", Pages.events(page, f));
  }

  private void event(Exchange x) throws Exception {
    Optional<Session> s = session(x, true);
    if (s.isEmpty()) {
      return;
    }
    long id = Long.parseLong(x.rawPath().substring("/ui/events/".length()));
    Event e = store.events().get(id);
    if (e == null) {
      throw HttpError.notFound("no event " + id);
    }
    boolean repoOk = e.repo() != null && e.repo().matches(
        "[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    html(x, s.get(), "Event " + id, Pages.finding(e, repoOk ? policies.forRepo(e.repo()) : null));
  }

  private void review(Exchange x) throws Exception {
    Optional<Session> s = session(x, true);
    if (s.isEmpty()) {
      return;
    }
    List<Event> blocked = store.events().query(new EventStore.Query(null, null, null, null, true,
        null, null, null, null, null, 100)).events();
    html(x, s.get(), "Quarantine review", Review.page(blocked, store.decisions().list(false)));
  }

  private void scan(Exchange x) throws Exception {
    Optional<Session> s = session(x, false);
    if (s.isPresent()) {
      html(x, s.get(), "Scan a file", Review.scan());
    }
  }

  private void signIn(Exchange x) throws Exception {
    if (!x.method().equals("POST")) {
      page(x, 200, Layout.signIn(null));
      return;
    }
    if (!BrowserSession.sameOrigin(x)) {
      throw new HttpError(403, "a sign-in from another site is refused");
    }
    String token = Forms.read(x).get("token");
    token = token == null ? null : token.strip();
    Optional<Auth.Principal> p = token == null || !token.matches("[A-Za-z0-9._~-]{1,512}")
        ? Optional.empty() : auth.lookup(token);
    if (p.isEmpty() || p.get().role() == null) {
      page(x, 401, Layout.signIn("That token is not valid."));
      return;
    }
    x.header("Set-Cookie", BrowserSession.setCookie(x, token));
    redirect(x, "/");
  }

  private void signOut(Exchange x) throws Exception {
    String secret = BrowserSession.token(x);
    if (!BrowserSession.sameOrigin(x) || !BrowserSession.csrfOk(secret, Forms.read(x)
        .get("csrf"))) {
      throw new HttpError(403, "the CSRF token is missing or wrong");
    }
    x.header("Set-Cookie", BrowserSession.clearCookie(x));
    redirect(x, "/ui/signin");
  }

  /** The signed-in session, or empty after answering (redirect to sign-in, or 403). */
  private Optional<Session> session(Exchange x, boolean admin) throws Exception {
    String secret = BrowserSession.token(x);
    Optional<Auth.Principal> p = secret == null ? Optional.empty() : auth.lookup(secret);
    if (p.isEmpty() || p.get().role() == null) {
      redirect(x, "/ui/signin");
      return Optional.empty();
    }
    Session s = new Session(secret, p.get());
    if (admin && !s.admin()) {
      page(x, 403, Layout.page("Not allowed", BrowserSession.csrf(secret), false,
          "<h1>Not allowed</h1><p id=\"forbidden\">This page needs a token with the admin role."
          + "</p>"));
      return Optional.empty();
    }
    return Optional.of(s);
  }

  private static void html(Exchange x, Session s, String title, String body) throws IOException {
    page(x, 200, Layout.page(title, BrowserSession.csrf(s.secret()), s.admin(), body));
  }

  private static void page(Exchange x, int status, String html) throws IOException {
    headers(x);
    x.send(status, "text/html", html.getBytes(StandardCharsets.UTF_8));
  }

  private static void redirect(Exchange x, String to) throws IOException {
    headers(x);
    x.header("Location", to);
    x.send(303, "text/plain", new byte[0]);
  }

  private static void headers(Exchange x) {
    x.header("Content-Security-Policy", CSP);
    x.header("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer Chrome sends "Origin: null" on the
    // page's own form posts, and the origin check needs the real one
    x.header("Referrer-Policy", "same-origin");
    x.header("X-Frame-Options", "DENY");
    x.header("Cache-Control", "no-store");
  }

  private static void asset(Exchange x, String name, String type) throws IOException {
    try (InputStream in = WebRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the jar lacks the dashboard asset " + name);
      }
      headers(x);
      x.send(200, type, in.readAllBytes());
    }
  }
}
