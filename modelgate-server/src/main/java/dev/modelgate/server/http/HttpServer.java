package dev.modelgate.server.http;

import dev.modelgate.server.config.Limits;
import java.io.IOException;
import java.net.BindException;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12.1 core, no servlet layer. Why Jetty: a mature HTTP/1.1 implementation with the bounds a
 * public-facing gateway needs built in (header size, idle timeout, connection limit, graceful
 * shutdown, a queue for excess requests), few dependencies, and direct {@code ByteBuffer} writes
 * for file bodies. Selectors run on platform threads; every request runs on its own virtual
 * thread, so route code may block on disk, database and upstream without tying up a pool.
 */
public final class HttpServer {
  private final Server server;
  private final ServerConnector connector;

  public HttpServer(String host, int port, Limits limits, Handler app, RequestLog log) {
    QueuedThreadPool pool = new QueuedThreadPool(16, 4);
    pool.setName("modelgate-http");
    pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("modelgate-req-", 0).factory()));
    server = new Server(pool);
    HttpConfiguration hc = new HttpConfiguration();
    hc.setSendServerVersion(false);
    hc.setSendXPoweredBy(false);
    hc.setRequestHeaderSize(16 << 10);
    hc.setResponseHeaderSize(16 << 10);
    // Encoded slashes and dots reach the router still encoded; it decodes each path segment itself
    // and refuses traversal with a 400 that names the problem.
    hc.setUriCompliance(UriCompliance.DEFAULT.with("modelgate",
        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
        UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
        UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
        UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
        UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS));
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(hc));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idle().toMillis());
    connector.setAcceptQueueSize(256);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.connections(), connector));

    QoSHandler qos = new QoSHandler(app);
    qos.setMaxRequestCount(limits.requests());
    qos.setMaxSuspendedRequestCount(limits.requests() * 4);
    GracefulHandler graceful = new GracefulHandler(qos);
    server.setHandler(graceful);
    server.setStopTimeout(limits.shutdown().toMillis());
    server.setStopAtShutdown(false);
    server.setRequestLog(log);
    server.setErrorHandler(new JsonErrors());
  }

  /** Binds and starts; a port in use or a bad address is an {@link IOException} naming it. */
  public void start() throws IOException {
    try {
      server.start();
    } catch (BindException e) {
      stopQuietly();
      throw new IOException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
          + ": " + (e.getMessage() == null ? "address in use"
              : e.getMessage().toLowerCase(Locale.ROOT)));
    } catch (Exception e) {
      stopQuietly();
      Throwable c = e.getCause() instanceof BindException b ? b : e;
      throw new IOException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
          + ": " + c.getMessage(), e);
    }
  }

  public String host() {
    return connector.getHost();
  }

  /** The port bound (the chosen one when 0 was asked for). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops accepting, lets requests in flight finish (bounded by the shutdown limit), stops. */
  public void stop() throws Exception {
    server.stop();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception ignored) {
      // start failed: nothing to drain
    }
  }
}
