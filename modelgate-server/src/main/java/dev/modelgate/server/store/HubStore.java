package dev.modelgate.server.store;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What the gateway remembers about the upstream: revision and tree answers (served again when
 * the upstream is down), which blob each repository file is, each blob's scan per scan key, and
 * whole-revision checks (signatures).
 */
public final class HubStore {
  private final Database db;

  public HubStore(Database db) {
    this.db = db;
  }

  /** A branch or tag resolved to a commit, with the upstream's answer. */
  public record Revision(String commit, String body, long fetchedAt) {}

  /** A repository file's blob. */
  public record FileBlob(String sha256, long size) {}

  /** A stored scan: verdict and findings (JSON array of modelgate.scan/v1 findings). */
  public record Scan(String format, String verdict, String findings, long scannedAt) {}

  /** A whole-revision check. */
  public record Check(boolean ok, String detail) {}

  public Optional<Revision> revision(String repo, String rev) throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT commit_sha, body, fetched_at FROM revisions WHERE repo"
        + " = ? AND revision = ?", r -> new Revision(r.getString(1), r.getString(2),
        r.getLong(3)), repo, rev));
  }

  public void putRevision(String repo, String rev, String commit, String body) throws SQLException {
    db.write(c -> Sql.update(c, "INSERT INTO revisions (repo, revision, commit_sha, body, "
        + "fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (repo, revision) DO UPDATE SET "
        + "commit_sha = excluded.commit_sha, body = excluded.body, fetched_at = "
        + "excluded.fetched_at", repo, rev, commit, body, System.currentTimeMillis()));
  }

  public Optional<String> tree(String repo, String commit) throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT body FROM trees WHERE repo = ? AND commit_sha = ?",
        r -> r.getString(1), repo, commit));
  }

  public void putTree(String repo, String commit, String body) throws SQLException {
    db.write(c -> Sql.update(c, "INSERT INTO trees (repo, commit_sha, body, fetched_at) VALUES "
        + "(?, ?, ?, ?) ON CONFLICT (repo, commit_sha) DO NOTHING", repo, commit, body,
        System.currentTimeMillis()));
  }

  public Optional<FileBlob> file(String repo, String commit, String path) throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT sha256, size FROM repo_files WHERE repo = ? AND "
        + "commit_sha = ? AND path = ?", r -> new FileBlob(r.getString(1), r.getLong(2)), repo,
        commit, path));
  }

  /** Records a blob that is in place and which repository file it is, in one transaction. */
  public void putFile(String repo, String commit, String path, String sha256, long size)
      throws SQLException {
    long now = System.currentTimeMillis();
    db.write(c -> {
      Sql.update(c, "INSERT INTO blobs (sha256, size, stored_at) VALUES (?, ?, ?) ON CONFLICT "
          + "(sha256) DO NOTHING", sha256, size, now);
      return Sql.update(c, "INSERT INTO repo_files (repo, commit_sha, path, sha256, size) VALUES"
          + " (?, ?, ?, ?, ?) ON CONFLICT (repo, commit_sha, path) DO NOTHING", repo, commit, path,
          sha256, size);
    });
  }

  public Optional<Scan> scan(String sha256, String key) throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT format, verdict, findings, scanned_at FROM scans WHERE"
        + " sha256 = ? AND scan_key = ?", r -> new Scan(r.getString(1), r.getString(2),
        r.getString(3), r.getLong(4)), sha256, key));
  }

  public void putScan(String sha256, String key, Scan s) throws SQLException {
    db.write(c -> Sql.update(c, "INSERT INTO scans (sha256, scan_key, format, verdict, findings,"
        + " scanned_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256, scan_key) DO NOTHING",
        sha256, key, s.format(), s.verdict(), s.findings(), s.scannedAt()));
  }

  public Optional<Check> check(String repo, String commit, String key) throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT ok, detail FROM revision_checks WHERE repo = ? AND "
        + "commit_sha = ? AND policy_key = ?", r -> new Check(r.getInt(1) != 0, r.getString(2)),
        repo, commit, key));
  }

  public void putCheck(String repo, String commit, String key, Check ch) throws SQLException {
    db.write(c -> Sql.update(c, "INSERT INTO revision_checks (repo, commit_sha, policy_key, ok, "
        + "detail, checked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (repo, commit_sha, "
        + "policy_key) DO UPDATE SET ok = excluded.ok, detail = excluded.detail, checked_at = "
        + "excluded.checked_at", repo, commit, key, ch.ok(), ch.detail(),
        System.currentTimeMillis()));
  }

  /** Bytes and count of blobs stored (for metrics and the dashboard). */
  public long[] blobTotals() throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM blobs",
        r -> new long[] {r.getLong(1), r.getLong(2)}).orElse(new long[2]));
  }
}
