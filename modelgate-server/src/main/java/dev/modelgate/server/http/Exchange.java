package dev.modelgate.server.http;

import dev.modelgate.json.JsonWriter;
import dev.modelgate.server.store.TokenStore.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response, for route code that runs on its own virtual thread and may
 * block. Writing the last part of the body completes the exchange.
 */
public final class Exchange {
  static final String ATTR_TOKEN = "modelgate.token";
  static final String ATTR_ROUTE = "modelgate.route";
  static final String ATTR_NOTE = "modelgate.note.";

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final String publicUrl;
  private Auth.Principal principal = Auth.Principal.ANONYMOUS;
  private Fields query;
  private boolean done;

  Exchange(Request request, Response response, Callback callback, String publicUrl) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.publicUrl = publicUrl;
  }

  public String method() {
    return request.getMethod();
  }

  public boolean head() {
    return "HEAD".equals(request.getMethod());
  }

  /** The path as sent, still percent-encoded: routes decode each segment themselves. */
  public String rawPath() {
    String p = request.getHttpURI().getPath();
    return p == null ? "/" : p;
  }

  /** A decoded query parameter, or null. */
  public String query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }
    Fields.Field f = query.get(name);
    return f == null ? null : f.getValue();
  }

  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The client's address (the peer of the connection). */
  public String client() {
    return Request.getRemoteAddr(request);
  }

  public Auth.Principal principal() {
    return principal;
  }

  void principal(Auth.Principal p) {
    this.principal = p;
    if (p.name() != null) {
      request.setAttribute(ATTR_TOKEN, p.name());
    }
  }

  /** Fails with 403 unless the request's token has role {@code r} (the router checked 401). */
  public void require(Role r) throws HttpError {
    if (!principal.has(r)) {
      throw new HttpError(403, "this needs a token with the " + r.label() + " role");
    }
  }

  /** Records a value for the access log line ({@code verdict}, {@code repo} ...). */
  public void note(String key, String value) {
    request.setAttribute(ATTR_NOTE + key, value);
  }

  /** The gateway's own base URL as the client reached it (or as configured). */
  public String baseUrl() {
    if (publicUrl != null) {
      return publicUrl;
    }
    HttpURI u = request.getHttpURI();
    String scheme = u.getScheme() == null ? "http" : u.getScheme();
    String host = u.getHost() == null ? "127.0.0.1" : u.getHost();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = u.getPort();
    return scheme + "://" + host + (port > 0 ? ":" + port : "");
  }

  public void status(int s) {
    response.setStatus(s);
  }

  public void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  public boolean committed() {
    return response.isCommitted();
  }

  public boolean done() {
    return done;
  }

  /** The request body as a stream (blocking reads). */
  public InputStream body() {
    return Content.Source.asInputStream(request);
  }

  /** The declared body length, or -1 when chunked. */
  public long contentLength() {
    return request.getLength();
  }

  /** Writes a JSON document and completes. */
  public void json(int status, Object doc) throws IOException {
    send(status, "application/json", (JsonWriter.write(doc, false) + "\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a body (none for HEAD) and completes. */
  public void send(int status, String contentType, byte[] body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", contentType.startsWith("text/")
        || contentType.startsWith("application/json") ? contentType + ";charset=utf-8"
        : contentType);
    response.getHeaders().put("Content-Length", head() ? 0 : body.length);
    write(head() ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), true);
  }

  /** Writes part of the body, blocking until it is written; {@code last} completes. */
  public void write(ByteBuffer buf, boolean last) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(last, buf, cb);
      cb.block();
    }
    if (last) {
      finish();
    }
  }

  /** Completes with whatever was written. */
  void finish() {
    if (!done) {
      done = true;
      callback.succeeded();
    }
  }

  void fail(Throwable t) {
    if (!done) {
      done = true;
      callback.failed(t);
    }
  }

  Request request() {
    return request;
  }
}
