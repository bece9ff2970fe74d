package dev.modelgate.server;

import dev.modelgate.server.api.AdminRoutes;
import dev.modelgate.server.api.OpsRoutes;
import dev.modelgate.server.web.WebRoutes;
import dev.modelgate.server.api.ScanRoutes;
import dev.modelgate.server.config.Config;
import dev.modelgate.server.http.AccessLog;
import dev.modelgate.server.http.Auth;
import dev.modelgate.server.http.HttpServer;
import dev.modelgate.server.http.Metrics;
import dev.modelgate.server.http.Router;
import dev.modelgate.server.hub.HubRoutes;
import dev.modelgate.server.policy.PolicyService;
import dev.modelgate.server.scan.ScanService;
import dev.modelgate.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running gateway: the store, the policy, the scanner pool, the routes and the HTTP server,
 * wired together. Packages depend one way: this one on all, {@code hub} and {@code api} on
 * {@code http}, {@code scan}, {@code policy} and {@code store}, those on {@code config}.
 */
public final class Gateway implements AutoCloseable {
  private final Config cfg;
  private final Store store;
  private final HubRoutes hub;
  private final AccessLog log;
  private final HttpServer http;
  private final ScheduledExecutorService ticker;

  private Gateway(Config cfg, Store store, HubRoutes hub, AccessLog log, HttpServer http,
      ScheduledExecutorService ticker) {
    this.cfg = cfg;
    this.store = store;
    this.hub = hub;
    this.log = log;
    this.http = http;
    this.ticker = ticker;
  }

  /** A startup failure with a message for the one line on stderr. */
  public static final class StartException extends Exception {
    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static Gateway start(Config cfg) throws StartException {
    Store store;
    try {
      Files.createDirectories(cfg.data());
    } catch (IOException e) {
      throw new StartException("cannot create the data folder " + cfg.data() + ": "
          + e.getMessage(), e);
    }
    try {
      store = Store.open(cfg.data(), cfg.jdbcUrl());
    } catch (IOException e) {
      throw new StartException("the data folder " + cfg.data() + " is not usable (is it "
          + "writable?): " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new StartException("cannot open the database " + Config.redactUrl(cfg.jdbcUrl())
          + ": " + e.getMessage(), e);
    }
    HubRoutes hub = null;
    AccessLog log = null;
    ScheduledExecutorService ticker = null;
    try {
      Metrics metrics = new Metrics(store.counters());
      PolicyService policies = new PolicyService(cfg.policy(), store.decisions());
      ScanService scans = new ScanService(cfg.limits().scans(), cfg.limits().scanQueue());
      metrics.gauge("modelgate_scans_running", "Scans running now",
          () -> scans.running());
      metrics.gauge("modelgate_blob_bytes", "Bytes in the blob store", () -> {
        try {
          return store.hub().blobTotals()[1];
        } catch (SQLException e) {
          return -1;
        }
      });
      Auth auth = new Auth(store.tokens());
      Router router = new Router(auth, cfg.proxyNeedsToken(), cfg.publicUrl(), metrics);
      new WebRoutes(store, auth, policies).register(router);
      new OpsRoutes(metrics, cfg.metricsNeedToken()).register(router);
      new ScanRoutes(store, scans, policies, metrics, cfg.limits()).register(router);
      new AdminRoutes(store, policies).register(router);
      hub = new HubRoutes(cfg, store, scans, policies, metrics);
      hub.register(router);
      log = AccessLog.open(cfg.accessLog());
      HttpServer http = new HttpServer(cfg.host(), cfg.port(), cfg.limits(), router, log);
      http.start();
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "modelgate-ticker");
        t.setDaemon(true);
        return t;
      });
      var _ = ticker.scheduleWithFixedDelay(() -> { // the task catches its own errors
        try {
          store.counters().flush();
        } catch (SQLException e) {
          // retried at the next tick
        }
      }, 10, 10, TimeUnit.SECONDS);
      return new Gateway(cfg, store, hub, log, http, ticker);
    } catch (Exception e) {
      closeQuietly(hub);
      closeQuietly(log);
      if (ticker != null) {
        ticker.shutdownNow();
      }
      store.close();
      if (e instanceof StartException s) {
        throw s;
      }
      throw new StartException(e.getMessage(), e);
    }
  }

  /** The address clients reach: {@code http://HOST:PORT}. */
  public String url() {
    String h = http.host().indexOf(':') >= 0 ? "[" + http.host() + "]" : http.host();
    return "http://" + h + ":" + http.port();
  }

  public int port() {
    return http.port();
  }

  public Config config() {
    return cfg;
  }

  public Store store() {
    return store;
  }

  /** Graceful stop: requests in flight finish (bounded), then everything closes. */
  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // stopping anyway
    }
    ticker.shutdownNow();
    closeQuietly(hub);
    closeQuietly(log);
    store.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // shutting down
    }
  }
}
