package dev.modelgate.server.api;

import dev.modelgate.ModelGate;
import dev.modelgate.server.http.Access;
import dev.modelgate.server.http.Exchange;
import dev.modelgate.server.http.Metrics;
import dev.modelgate.server.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code /healthz}, {@code /metrics} (Prometheus) and {@code /}. The dashboard will take over
 * {@code /}; until then it is a short page that says what the gateway is, served with the same
 * Content-Security-Policy the dashboard will use.
 */
public final class OpsRoutes {
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
      + "script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'";

  private final Metrics metrics;
  private final boolean metricsNeedToken;

  public OpsRoutes(Metrics metrics, boolean metricsNeedToken) {
    this.metrics = metrics;
    this.metricsNeedToken = metricsNeedToken;
  }

  public void register(Router r) {
    r.exact("healthz", Set.of("GET", "HEAD"), "/healthz", Access.OPEN,
        x -> x.json(200, Map.of("status", "ok")));
    r.exact("metrics", Set.of("GET"), "/metrics", metricsNeedToken ? Access.READ : Access.OPEN,
        x -> x.send(200, "text/plain; version=0.0.4", metrics.render()
            .getBytes(StandardCharsets.UTF_8)));
    r.exact("home", Set.of("GET", "HEAD"), "/", Access.OPEN, OpsRoutes::home);
  }

  private static void home(Exchange x) throws Exception {
    x.header("Content-Security-Policy", CSP);
    x.header("X-Content-Type-Options", "nosniff");
    x.header("Referrer-Policy", "no-referrer");
    String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>modelgate serve</title></head><body><h1>modelgate serve " + ModelGate.VERSION
        + "</h1><p>A gateway that scans models before anyone loads them. Point Hugging Face "
        + "clients at it with <code>HF_ENDPOINT=" + "this address</code>.</p><ul>"
        + "<li><a href=\"/healthz\">/healthz</a></li><li><a href=\"/metrics\">/metrics</a></li>"
        + "</ul></body></html>\n";
    x.send(200, "text/html", page.getBytes(StandardCharsets.UTF_8));
  }
}
