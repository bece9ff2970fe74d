package dev.modelgate.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens. A token is 32 random bytes (base64url, prefixed {@code mgt_}); only its sha256
 * is stored, so the database never holds a usable credential. Tokens have a unique name (shown in
 * the audit log) and a role.
 */
public final class TokenStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "mgt_";

  /** What a token may do; each role includes the ones before it. */
  public enum Role {
    READ, UPLOAD, ADMIN;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Role parse(String s) {
      for (Role r : values()) {
        if (r.label().equals(s)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown role \"" + s + "\" (read, upload, admin)");
    }

    public boolean includes(Role other) {
      return compareTo(other) >= 0;
    }
  }

  /** A stored token (without its secret). */
  public record Token(long id, String name, Role role, long createdAt, Long revokedAt) {}

  private final Database db;

  public TokenStore(Database db) {
    this.db = db;
  }

  /** Creates a token; returns its secret, which is shown once and never stored. */
  public String create(String name, Role role) throws SQLException {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
      throw new IllegalArgumentException("a token name is 1 to 64 letters, digits, '.', '_', "
          + "'@' or '-'");
    }
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    db.write(c -> {
      if (Sql.one(c, "SELECT id FROM tokens WHERE name = ?", r -> r.getLong(1), name).isPresent()) {
        throw new IllegalArgumentException("a token named \"" + name + "\" exists already");
      }
      return Sql.update(c, "INSERT INTO tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)",
          name, role.label(), hash(secret), System.currentTimeMillis());
    });
    return secret;
  }

  /** The live token with this secret, if any. */
  public Optional<Token> find(String secret) throws SQLException {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    return db.read(c -> Sql.one(c, "SELECT id, name, role, created_at, revoked_at FROM tokens "
        + "WHERE hash = ? AND revoked_at IS NULL", TokenStore::row, hash(secret)));
  }

  public List<Token> list() throws SQLException {
    return db.read(c -> Sql.list(c, "SELECT id, name, role, created_at, revoked_at FROM tokens "
        + "ORDER BY id", TokenStore::row));
  }

  /** Revokes the token named {@code name}; false when there is no live one. */
  public boolean revoke(String name) throws SQLException {
    return db.write(c -> Sql.update(c, "UPDATE tokens SET revoked_at = ? WHERE name = ? AND "
        + "revoked_at IS NULL", System.currentTimeMillis(), name)) > 0;
  }

  private static Token row(java.sql.ResultSet r) throws SQLException {
    return new Token(r.getLong(1), r.getString(2), Role.parse(r.getString(3)), r.getLong(4),
        Sql.longOrNull(r, "revoked_at"));
  }

  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
