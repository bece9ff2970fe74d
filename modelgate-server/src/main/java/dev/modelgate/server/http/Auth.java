package dev.modelgate.server.http;

import dev.modelgate.server.store.TokenStore;
import dev.modelgate.server.store.TokenStore.Role;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer-token authentication. Lookups are cached for a few seconds (a revoked token stops
 * working within {@link #CACHE_MILLIS}); the cache is keyed by the token itself only in memory
 * and never written anywhere.
 */
public final class Auth {
  static final long CACHE_MILLIS = 5_000;
  private static final int MAX_CACHE = 10_000;

  /** Who made a request: a named token with a role, or nobody. */
  public record Principal(String name, Role role) {
    public static final Principal ANONYMOUS = new Principal(null, null);

    public boolean has(Role r) {
      return role != null && role.includes(r);
    }
  }

  private record Cached(Optional<TokenStore.Token> token, long at) {}

  private final TokenStore tokens;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public Auth(TokenStore tokens) {
    this.tokens = tokens;
  }

  /** The bearer token of an {@code Authorization} header value, or null. */
  static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String t = header.substring(7).strip();
    return t.isEmpty() ? null : t;
  }

  /** The principal for an {@code Authorization} header; empty when a token is given but unknown. */
  Optional<Principal> identify(String authorization) throws SQLException {
    String secret = bearer(authorization);
    if (secret == null) {
      return Optional.of(Principal.ANONYMOUS);
    }
    long now = System.currentTimeMillis();
    Cached c = cache.get(secret);
    if (c == null || now - c.at() > CACHE_MILLIS) {
      if (cache.size() > MAX_CACHE) {
        cache.clear();
      }
      c = new Cached(tokens.find(secret), now);
      cache.put(secret, c);
    }
    return c.token().map(t -> new Principal(t.name(), t.role()));
  }

  /** The principal for a bare token secret (the dashboard's cookie); empty when unknown. */
  public Optional<Principal> lookup(String secret) throws SQLException {
    if (secret == null || secret.isBlank() || secret.length() > 512) {
      return Optional.empty();
    }
    return identify("Bearer " + secret);
  }

  /** Forgets cached lookups (after a token is revoked through the API). */
  public void invalidate() {
    cache.clear();
  }
}
