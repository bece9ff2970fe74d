package dev.modelgate.server.http;

import dev.modelgate.server.store.TokenStore.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches requests to routes in the order they were added, checks the token a route needs,
 * and turns {@link HttpError}s into JSON answers. Other packages (the Hub proxy, the API, later the
 * dashboard) add their routes; nothing here knows about them.
 */
public final class Router extends Handler.Abstract {
  private static final Logger LOG = Logger.getLogger("modelgate.server");

  private record Entry(String name, Set<String> methods, Predicate<String> path, Access access,
      Route route) {}

  private final List<Entry> routes = new ArrayList<>();
  private final Auth auth;
  private final boolean proxyNeedsToken;
  private final String publicUrl;
  private final Metrics metrics;

  public Router(Auth auth, boolean proxyNeedsToken, String publicUrl, Metrics metrics) {
    this.auth = auth;
    this.proxyNeedsToken = proxyNeedsToken;
    this.publicUrl = publicUrl;
    this.metrics = metrics;
  }

  /** Adds a route for one exact path. */
  public Router exact(String name, Set<String> methods, String path, Access a, Route r) {
    return add(name, methods, path::equals, a, r);
  }

  /** Adds a route for paths (raw, still percent-encoded) that {@code path} accepts. */
  public Router add(String name, Set<String> methods, Predicate<String> path, Access a,
      Route r) {
    routes.add(new Entry(name, Set.copyOf(methods), path, a, r));
    return this;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange x = new Exchange(request, response, callback, publicUrl);
    String path = x.rawPath();
    Entry match = null;
    boolean pathKnown = false;
    for (Entry e : routes) {
      if (e.path().test(path)) {
        pathKnown = true;
        if (e.methods().contains(request.getMethod())) {
          match = e;
          break;
        }
      }
    }
    String name = match == null ? "none" : match.name();
    request.setAttribute(Exchange.ATTR_ROUTE, name);
    try {
      if (match == null) {
        throw pathKnown ? new HttpError(405, "method not allowed") : HttpError.notFound(
            "no such endpoint");
      }
      authorize(x, match.access());
      match.route().handle(x);
      if (!x.done()) {
        x.finish();
      }
    } catch (HttpError e) {
      answer(x, e);
    } catch (EofException e) {
      x.fail(e); // the client went away
    } catch (java.io.IOException e) {
      if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
        x.fail(e); // the client was too slow: the idle timeout closed it
      } else {
        LOG.log(Level.WARNING, "I/O error on " + Text.json(path) + ": " + e.getMessage());
        answer(x, new HttpError(500, "internal error"));
      }
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "internal error on " + Text.json(path), t);
      answer(x, new HttpError(500, "internal error"));
    } finally {
      metrics.request(name, request.getMethod(), response.getStatus());
    }
    return true;
  }

  private void authorize(Exchange x, Access a) throws HttpError, java.sql.SQLException {
    if (a == Access.OPEN) {
      return;
    }
    Optional<Auth.Principal> p = auth.identify(x.header("Authorization"));
    String cookie = BrowserSession.token(x);
    if (x.header("Authorization") == null && cookie != null) {
      p = auth.lookup(cookie);
      boolean safe = x.method().equals("GET") || x.method().equals("HEAD");
      if (!safe && !(BrowserSession.csrfOk(cookie, x.header(BrowserSession.CSRF_HEADER))
          && BrowserSession.sameOrigin(x))) {
        throw new HttpError(403, "a signed-in browser request needs the CSRF token");
      }
    }
    Role need = switch (a) {
      case PROXY -> proxyNeedsToken ? Role.READ : null;
      case READ -> Role.READ;
      case UPLOAD -> Role.UPLOAD;
      case ADMIN -> Role.ADMIN;
      case OPEN -> null;
    };
    if (need == null) {
      // open proxy reads: clients may send their own Hub token; an unknown one is just ignored
      x.principal(p.orElse(Auth.Principal.ANONYMOUS));
      return;
    }
    if (p.isEmpty() || p.get().role() == null) {
      throw new HttpError(401, p.isEmpty() ? "the token is not valid" : "a token is needed "
          + "(Authorization: Bearer …)").header("WWW-Authenticate", "Bearer realm=\"modelgate\"");
    }
    x.principal(p.get());
    x.require(need);
  }

  private static void answer(Exchange x, HttpError e) {
    if (x.committed()) {
      x.fail(e);
      return;
    }
    if (x.contentLength() != 0) {
      // A refused request's body may still be arriving (a 401 before an upload is read): read it
      // on for a bounded while and close the connection, so the kernel does not reset the answer
      // and no client sends its next request on a connection the server is closing. A client
      // that asked "Expect: 100-continue" has sent nothing yet: reading would invite the body.
      String expect = x.header("Expect");
      if (expect == null || !expect.equalsIgnoreCase("100-continue")) {
        Uploads.discardRest(x.body(), System.nanoTime() + Uploads.LINGER.toNanos());
      }
      x.header("Connection", "close");
    }
    try {
      x.header("X-Error-Message", Text.header(e.getMessage(), 1000));
      for (Map.Entry<String, String> h : e.headers().entrySet()) {
        x.header(h.getKey(), h.getValue());
      }
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      body.put("error", e.getMessage());
      body.putAll(e.fields());
      x.json(e.status(), body);
    } catch (Throwable t) {
      x.fail(t);
    }
  }
}
