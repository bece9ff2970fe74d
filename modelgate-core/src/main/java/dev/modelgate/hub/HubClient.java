package dev.modelgate.hub;

import dev.modelgate.ModelGate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Hub's HTTP API, as {@code huggingface_hub} uses it: {@code HF_ENDPOINT} (default
 * {@code https://huggingface.co}) and {@code HF_TOKEN} (sent only to the endpoint's own host,
 * never after a redirect to another one, such as a CDN). Redirects are followed by hand (at most
 * five) for that reason; every request has a timeout.
 */
public final class HubClient {
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  private static final int MAX_REDIRECTS = 5;

  private final URI endpoint;
  /** Null when no token is set: requests are then anonymous. */
  private final @Nullable String token;
  private final Duration timeout;
  private final HttpClient http;

  public HubClient(URI endpoint, @Nullable String token, Duration timeout) {
    String e = endpoint.toString();
    this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    if (!"http".equals(this.endpoint.getScheme()) && !"https".equals(this.endpoint.getScheme())) {
      throw new IllegalArgumentException("HF_ENDPOINT must be an http(s) URL, not " + endpoint);
    }
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.timeout = Objects.requireNonNull(timeout);
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30)).build();
  }

  /** From {@code HF_ENDPOINT} and {@code HF_TOKEN} (or the older {@code HUGGING_FACE_HUB_TOKEN}). */
  public static HubClient fromEnvironment(Map<String, String> env) {
    String endpoint = env.getOrDefault("HF_ENDPOINT", "");
    String token = env.getOrDefault("HF_TOKEN", env.get("HUGGING_FACE_HUB_TOKEN"));
    return new HubClient(URI.create(endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip()),
        token, Duration.ofMinutes(5));
  }

  public URI endpoint() {
    return endpoint;
  }

  /** {@code /api/models/ORG/REPO/...}: the API path of a repository. */
  static String api(String repo) {
    return "/api/models/" + repo;
  }

  /** One path segment (or a revision such as {@code refs/pr/1}) percent-encoded as a whole. */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A repository-relative file path, each segment encoded. */
  static String filePath(String path) {
    StringBuilder b = new StringBuilder();
    for (String seg : path.split("/", -1)) {
      b.append(b.isEmpty() ? "" : "/").append(segment(seg));
    }
    return b.toString();
  }

  URI uri(String pathAndQuery) {
    return URI.create(endpoint + pathAndQuery);
  }

  /**
   * GET with optional extra headers, following redirects; the caller closes the body.
   *
   * @param what for messages, e.g. {@code hf://org/repo: model.bin}
   */
  HttpResponse<InputStream> get(URI uri, String what, String... headers) throws IOException {
    URI at = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(at).timeout(timeout).GET()
          .header("User-Agent", ModelGate.NAME + "/" + ModelGate.VERSION);
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      if (token != null && sameOrigin(at)) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<InputStream> r;
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(what + ": interrupted");
      } catch (java.net.http.HttpTimeoutException e) {
        throw new IOException(what + ": the Hub at " + endpoint + " did not answer in time");
      } catch (IOException e) {
        throw new IOException(what + ": cannot reach the Hub at " + endpoint + " ("
            + e.getMessage() + ")", e);
      }
      int s = r.statusCode();
      if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
        r.body().close();
        String location = r.headers().firstValue("Location").orElse(null);
        if (location == null || hop >= MAX_REDIRECTS) {
          throw new IOException(what + ": bad redirect from the Hub (HTTP " + s + ")");
        }
        at = at.resolve(location);
        if (!"http".equals(at.getScheme()) && !"https".equals(at.getScheme())) {
          throw new IOException(what + ": the Hub redirects to " + at.getScheme() + ":");
        }
        continue;
      }
      if (s >= 400) {
        r.body().close();
        throw new IOException(what + ": " + switch (s) {
          case 401, 403 -> "access denied by the Hub (HTTP " + s + "; set HF_TOKEN for a"
              + " private or gated repository)";
          case 404 -> "not found on the Hub (HTTP 404)";
          default -> "the Hub answered HTTP " + s;
        });
      }
      return r;
    }
  }

  private boolean sameOrigin(URI u) {
    return Objects.equals(u.getScheme(), endpoint.getScheme())
        && Objects.equals(u.getHost(), endpoint.getHost()) && u.getPort() == endpoint.getPort();
  }

  /**
   * A JSON body of at most {@code max} bytes, parsed by the strict reader (null for a JSON
   * {@code null}); its {@code Link} header goes to {@code link[0]} when {@code link} is not null.
   */
  @Nullable Object json(URI uri, String what, int max, String @Nullable [] link)
      throws IOException {
    HttpResponse<InputStream> r = get(uri, what, "Accept", "application/json");
    if (link != null) {
      link[0] = r.headers().firstValue("Link").orElse(null);
    }
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readNBytes(max + 1);
    }
    if (body.length > max) {
      throw new IOException(what + ": the Hub's answer is larger than " + max + " bytes");
    }
    try {
      return dev.modelgate.json.Json.parse(body);
    } catch (dev.modelgate.json.JsonException e) {
      throw new IOException(what + ": the Hub's answer is not JSON (" + e.getMessage() + ")");
    }
  }
}
