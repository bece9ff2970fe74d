package dev.modelgate.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The dashboard's sign-in: the token itself in a cookie (HttpOnly, SameSite=Strict, Secure when
 * the gateway is reached over TLS), and a CSRF token derived from it that every form sends back.
 * A page on another site can neither read the cookie nor know the derived value. The router
 * accepts the cookie for the JSON API too (so the page's script can call {@code POST /v1/scan}),
 * but then any request other than GET/HEAD must carry {@link #CSRF_HEADER}.
 */
public final class BrowserSession {
  static final String COOKIE = "modelgate_token";

  /** The header the dashboard's script sends the CSRF value in (forms send a field). */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private BrowserSession() {}

  /** The token secret from the request's cookie, or null. */
  public static String token(Exchange x) {
    String h = x.header("Cookie");
    if (h == null || h.length() > 8192) {
      return null;
    }
    for (String part : h.split(";", 0)) {
      String p = part.strip();
      if (p.startsWith(COOKIE + "=")) {
        String v = p.substring(COOKIE.length() + 1);
        return v.matches("[A-Za-z0-9._~-]{1,512}") ? v : null;
      }
    }
    return null;
  }

  public static String setCookie(Exchange x, String secret) {
    return COOKIE + "=" + secret + "; Path=/; HttpOnly; SameSite=Strict"
        + (x.baseUrl().startsWith("https:") ? "; Secure" : "");
  }

  public static String clearCookie(Exchange x) {
    return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        + (x.baseUrl().startsWith("https:") ? "; Secure" : "");
  }

  /** The CSRF value for a signed-in token: a one-way function of it, so forms can carry it. */
  public static String csrf(String secret) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("modelgate-csrf\0" + secret)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when {@code sent} matches the CSRF value of {@code secret} (constant time). */
  public static boolean csrfOk(String secret, String sent) {
    return secret != null && sent != null && MessageDigest.isEqual(csrf(secret).getBytes(
        StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Rejects a cross-site form post: browsers send Origin on POST; when present it must be this
   * gateway. (SameSite=Strict and the CSRF field are the main defences; this one also covers the
   * sign-in form, which has no session yet.)
   */
  public static boolean sameOrigin(Exchange x) {
    String o = x.header("Origin");
    if (o == null || o.equals("null")) {
      return o == null;
    }
    String host = x.header("Host");
    return host != null && (o.equals("http://" + host) || o.equals("https://" + host));
  }
}
