package dev.modelgate.server.hub;

import dev.modelgate.ModelGate;
import dev.modelgate.server.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The upstream Hub, through Jetty's HTTP client. Redirects are followed here, and only to hosts
 * in the config (an LFS file on huggingface.co redirects to a CDN host, which must be listed).
 * The upstream token goes to the upstream's own host only, never to a redirect target, and never
 * into a message. Bodies are read with an idle timeout, so a stalled upstream cannot hold a
 * fetch forever; answers are never decompressed (sizes and hashes are of the bytes as stored).
 */
final class Upstream implements AutoCloseable {
  private static final int MAX_REDIRECTS = 5;

  private final URI base;
  private final Set<String> allowedHosts;
  private final Secret token;
  private final HttpClient client;
  private final long idleMillis;

  /** A response whose body is still to be read; close it. */
  record Answer(int status, HttpFields first, HttpFields last, InputStream body, long length,
      URI uri) implements AutoCloseable {
    /** A header from the final response, else from the first one (a redirect carries the Hub's). */
    String header(String name) {
      String v = first.get(name);
      return v != null ? v : last.get(name);
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  Upstream(URI base, Set<String> allowedHosts, Secret token, long connectMillis,
      long idleMillis) throws Exception {
    this.base = base;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.token = token;
    this.idleMillis = idleMillis;
    client = new HttpClient();
    client.setFollowRedirects(false);
    client.setConnectTimeout(connectMillis);
    client.setIdleTimeout(idleMillis);
    client.setMaxConnectionsPerDestination(64);
    // large reads: a 1 GiB body in 16 KiB parses and wake-ups costs more than its sha256
    client.setResponseBufferSize(256 << 10);
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "modelgate/"
        + ModelGate.VERSION));
    client.getContentDecoderFactories().clear();
    client.start();
    // answers are taken as they come (start() installs the default handlers): redirects are
    // followed above, and a 401 is passed on to the client rather than answered with credentials
    client.getProtocolHandlers().clear();
  }

  URI base() {
    return base;
  }

  /** The base URL plus {@code pathAndQuery} (which starts with a slash and is encoded). */
  URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  /** GET with redirects followed within the allowed hosts; the caller closes the answer. */
  Answer get(URI uri, boolean headOnly) throws UpstreamException {
    HttpFields first = null;
    URI cur = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      checkHost(cur);
      Request req = client.newRequest(cur).method(headOnly ? "HEAD" : "GET")
          .idleTimeout(idleMillis, TimeUnit.MILLISECONDS)
          .headers(h -> {
            h.put(HttpHeader.ACCEPT_ENCODING, "identity");
          });
      if (token != null && sameOrigin(cur, base)) {
        req.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token.reveal()));
      }
      InputStreamResponseListener l = new InputStreamResponseListener();
      req.send(l);
      Response res;
      try {
        res = l.get(idleMillis + 5_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UpstreamException("interrupted", e);
      } catch (TimeoutException | ExecutionException e) {
        var _ = req.abort(e); // whether it was still running does not matter here
        Throwable c = e.getCause() != null ? e.getCause() : e;
        throw new UpstreamException(describe(cur) + ": " + c.getClass().getSimpleName()
            + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
      }
      if (first == null) {
        first = res.getHeaders();
      }
      int st = res.getStatus();
      if (st == 301 || st == 302 || st == 303 || st == 307 || st == 308) {
        String loc = res.getHeaders().get(HttpHeader.LOCATION);
        try {
          l.getInputStream().close();
        } catch (IOException ignored) {
          // a redirect's body is not needed
        }
        if (loc == null) {
          throw new UpstreamException(describe(cur) + ": redirect without a Location", false);
        }
        try {
          cur = cur.resolve(loc);
        } catch (IllegalArgumentException e) {
          throw new UpstreamException(describe(cur) + ": redirect to an invalid URL", false);
        }
        continue;
      }
      if (st >= 500) {
        try {
          l.getInputStream().close();
        } catch (IOException ignored) {
          // the error body is not needed
        }
        throw new UpstreamException(describe(cur) + ": HTTP " + st, false);
      }
      long len = res.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      return new Answer(st, first, res.getHeaders(), l.getInputStream(), len, cur);
    }
    throw new UpstreamException(describe(uri) + ": more than " + MAX_REDIRECTS + " redirects",
        false);
  }

  /** GET of a JSON answer, at most {@code max} bytes of body. */
  Json json(URI uri, int max) throws UpstreamException {
    try (Answer a = get(uri, false)) {
      if (a.length() > max) {
        throw new UpstreamException(describe(uri) + ": answer of " + a.length()
            + " bytes is over the " + max + "-byte limit", false);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 << 10];
      int n;
      while ((n = a.body().read(buf)) > 0) {
        if (out.size() + n > max) {
          throw new UpstreamException(describe(uri) + ": answer over the " + max
              + "-byte limit", false);
        }
        out.write(buf, 0, n);
      }
      return new Json(a.status(), a, out.toByteArray());
    } catch (UpstreamException e) {
      throw e;
    } catch (IOException e) {
      throw new UpstreamException(describe(uri) + ": " + e.getMessage(), e);
    }
  }

  /** A buffered answer; {@code answer} gives its headers (its body is consumed). */
  @SuppressWarnings("ArrayRecordComponent") // the buffered body, parsed once, never compared
  record Json(int status, Answer answer, byte[] body) {}

  private void checkHost(URI u) throws UpstreamException {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("http") && !scheme.equals("https")) || !allowedHosts.contains(host)) {
      throw new UpstreamException("the upstream redirected to " + (host.isEmpty() ? "?" : host)
          + ", which is not an allowed host (add it to upstream.allowed_hosts in the config)",
          true);
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(
        b.getHost()) && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** A URL for messages: scheme, host and path, never a query (signed URLs carry secrets). */
  static String describe(URI u) {
    return u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      // shutting down: connections are dropped either way
    }
  }
}
