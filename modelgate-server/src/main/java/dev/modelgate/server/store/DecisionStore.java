package dev.modelgate.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reviewers' decisions that override the policy: {@code release} lets one blocked file (repo,
 * commit, path and the exact bytes by sha256) be served; {@code allow} adds an allowlist pattern
 * for every repository of an organisation. Each has a mandatory reason and can be revoked; the
 * callers also write both acts to the audit log.
 */
public final class DecisionStore {
  public static final String RELEASE = "release";
  public static final String ALLOW = "allow";

  /** A decision; revoked ones keep who revoked them and why. */
  public record Decision(long id, String kind, String repo, String org, String commit,
      String path, String sha256, String pattern, String reason, String createdBy,
      long createdAt, Long revokedAt, String revokedBy, String revokeReason) {

    public boolean active() {
      return revokedAt == null;
    }
  }

  private static final String COLUMNS = "id, kind, repo, org, commit_sha, path, sha256, pattern, "
      + "reason, created_by, created_at, revoked_at, revoked_by, revoke_reason";

  private final Database db;

  public DecisionStore(Database db) {
    this.db = db;
  }

  public long release(String repo, String commit, String path, String sha256, String reason,
      String by) throws SQLException {
    return db.write(c -> Sql.insert(c, "INSERT INTO decisions (kind, repo, commit_sha, path, "
        + "sha256, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", RELEASE, repo,
        commit, path, sha256, reason, by, System.currentTimeMillis()));
  }

  public long allow(String org, String pattern, String reason, String by) throws SQLException {
    return db.write(c -> Sql.insert(c, "INSERT INTO decisions (kind, org, pattern, reason, "
        + "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)", ALLOW, org, pattern, reason, by,
        System.currentTimeMillis()));
  }

  /** Revokes decision {@code id}; false when it does not exist or was revoked already. */
  public boolean revoke(long id, String reason, String by) throws SQLException {
    return db.write(c -> Sql.update(c, "UPDATE decisions SET revoked_at = ?, revoked_by = ?, "
        + "revoke_reason = ? WHERE id = ? AND revoked_at IS NULL", System.currentTimeMillis(), by,
        reason, id)) > 0;
  }

  public Decision get(long id) throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM decisions WHERE id = ?",
        DecisionStore::row, id)).orElse(null);
  }

  /** All decisions, newest first; only the active ones when {@code activeOnly}. */
  public List<Decision> list(boolean activeOnly) throws SQLException {
    return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM decisions"
        + (activeOnly ? " WHERE revoked_at IS NULL" : "") + " ORDER BY id DESC",
        DecisionStore::row));
  }

  private static Decision row(ResultSet r) throws SQLException {
    return new Decision(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
        r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
        r.getString(10), r.getLong(11), Sql.longOrNull(r, "revoked_at"), r.getString(13),
        r.getString(14));
  }
}
