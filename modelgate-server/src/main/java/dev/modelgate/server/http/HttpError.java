package dev.modelgate.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, thrown by a route: the router writes it as JSON
 * ({@code {"error": message}} plus any extra fields) with the given headers. The message also goes
 * into {@code X-Error-Message}, where the Hugging Face client looks for it (a HEAD answer has no
 * body).
 */
public final class HttpError extends Exception {
  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, Object> fields = new LinkedHashMap<>();

  public HttpError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public HttpError header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public HttpError field(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> fields() {
    return fields;
  }

  public static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  public static HttpError notFound(String message) {
    return new HttpError(404, message);
  }
}
