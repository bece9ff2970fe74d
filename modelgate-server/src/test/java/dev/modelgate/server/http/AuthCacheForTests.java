package dev.modelgate.server.http;

/** How long a token lookup is cached, for tests that revoke a token and expect a 401. */
public final class AuthCacheForTests {
  private AuthCacheForTests() {}

  public static long millis() {
    return Auth.CACHE_MILLIS;
  }
}
