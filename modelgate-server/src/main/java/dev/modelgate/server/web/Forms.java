package dev.modelgate.server.web;

import dev.modelgate.server.http.Exchange;
import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.http.Uploads;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads a small {@code application/x-www-form-urlencoded} body (bounded). */
final class Forms {
  static final int MAX = 16 << 10;

  private Forms() {}

  static Map<String, String> read(Exchange x) throws Exception {
    String type = x.header("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(
        "application/x-www-form-urlencoded")) {
      throw new HttpError(415, "a form post is expected");
    }
    byte[] body = Uploads.readSmall(x, MAX, "the form is larger than " + MAX + " bytes");
    Map<String, String> m = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&", 0)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        m.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("the form is not well encoded");
      }
    }
    return m;
  }
}
