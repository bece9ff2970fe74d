package dev.modelgate.server.api;

import dev.modelgate.server.http.Access;
import dev.modelgate.server.http.Metrics;
import dev.modelgate.server.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code /healthz} and {@code /metrics} (Prometheus); the dashboard ({@code web}) serves
 * {@code /}.
 */
public final class OpsRoutes {
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
  }
}
