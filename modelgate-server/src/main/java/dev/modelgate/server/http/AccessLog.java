package dev.modelgate.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * One JSON object per request, one per line: time, client, method, path, status, bytes sent,
 * duration, the token's name (never the token) and what the route noted (verdict, repository).
 * Paths are escaped so that a hostile file name cannot forge a line or drive a terminal.
 */
public final class AccessLog implements RequestLog, AutoCloseable {
  private static final int MAX_PATH = 2048;
  private final PrintStream out;
  private final boolean own;

  private AccessLog(PrintStream out, boolean own) {
    this.out = out;
    this.own = own;
  }

  /** {@code -}: stdout; {@code off}: nothing; else the file (appended to). */
  public static AccessLog open(String where) throws IOException {
    if (where.equals("off")) {
      return new AccessLog(new PrintStream(OutputStream.nullOutputStream()), true);
    }
    if (where.equals("-")) {
      return new AccessLog(System.out, false);
    }
    OutputStream o = Files.newOutputStream(Path.of(where), StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return new AccessLog(new PrintStream(o, true, StandardCharsets.UTF_8), true);
  }

  @Override
  public void log(Request request, Response response) {
    StringBuilder b = new StringBuilder(256).append('{');
    field(b, "time", Instant.now().toString());
    field(b, "client", Request.getRemoteAddr(request));
    field(b, "method", request.getMethod());
    String path = request.getHttpURI().getPath();
    path = path == null ? "" : path;
    field(b, "path", path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "…" : path);
    b.append(",\"status\":").append(response.getStatus());
    b.append(",\"bytes\":").append(Response.getContentBytesWritten(response));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
    b.append(",\"ms\":").append(ms);
    Object route = request.getAttribute(Exchange.ATTR_ROUTE);
    if (route != null) {
      field(b, "route", route.toString());
    }
    Object token = request.getAttribute(Exchange.ATTR_TOKEN);
    if (token != null) {
      field(b, "token", token.toString());
    }
    for (String name : request.getAttributeNameSet()) {
      if (name.startsWith(Exchange.ATTR_NOTE)) {
        Object v = request.getAttribute(name);
        field(b, name.substring(Exchange.ATTR_NOTE.length()), String.valueOf(v));
      }
    }
    b.append('}');
    out.println(b);
  }

  private static void field(StringBuilder b, String k, String v) {
    if (b.length() > 1) {
      b.append(',');
    }
    b.append('"').append(k).append("\":").append(Text.json(v == null ? "" : v));
  }

  @Override
  public void close() {
    out.flush();
    if (own) {
      out.close();
    }
  }
}
