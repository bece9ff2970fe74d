package dev.modelgate.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The append-only audit log: written by every decision the gateway makes, read in pages. */
public final class EventStore {
  /** Largest page a query returns. */
  public static final int MAX_PAGE = 500;

  private static final String COLUMNS = "id, at, kind, client, token_name, repo, revision, "
      + "commit_sha, path, sha256, size, format, verdict, blocked, reason, findings, status, detail";

  private final Database db;

  public EventStore(Database db) {
    this.db = db;
  }

  /** Appends {@code e}; returns its id. */
  public long append(Event e) throws SQLException {
    return db.write(c -> Sql.insert(c, "INSERT INTO events (at, kind, client, token_name, repo, "
        + "revision, commit_sha, path, sha256, size, format, verdict, blocked, reason, findings, "
        + "status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.at(),
        e.kind(), e.client(), e.tokenName(), e.repo(), e.revision(), e.commit(), e.path(),
        e.sha256(), Sql.big(e.size()), e.format(), e.verdict(), e.blocked(), e.reason(),
        e.findings(), Sql.integer(e.status()), e.detail()));
  }

  /**
   * Filters for a query; null fields match everything. {@code repo} ending in {@code /*} matches
   * an organisation. Pages go from newest to oldest: {@code before} is the last id of the previous
   * page.
   */
  public record Query(String kind, String repo, String path, String verdict, Boolean blocked,
      String client, String token, Long since, Long until, Long before, int limit) {

    public Query {
      limit = Math.clamp(limit, 1, MAX_PAGE);
    }

    public static Query latest(int limit) {
      return new Query(null, null, null, null, null, null, null, null, null, null, limit);
    }
  }

  /** One page, and the id to continue before (null on the last page). */
  public record Page(List<Event> events, Long next) {}

  public Page query(Query q) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    eq(where, args, "kind", q.kind());
    if (q.repo() != null && q.repo().endsWith("/*")) {
      where.append(" AND repo LIKE ? ESCAPE '\\'");
      args.add(q.repo().substring(0, q.repo().length() - 1).replace("\\", "\\\\")
          .replace("%", "\\%").replace("_", "\\_") + "%");
    } else {
      eq(where, args, "repo", q.repo());
    }
    eq(where, args, "path", q.path());
    eq(where, args, "verdict", q.verdict());
    if (q.blocked() != null) {
      where.append(" AND blocked = ?");
      args.add(q.blocked() ? 1 : 0);
    }
    eq(where, args, "client", q.client());
    eq(where, args, "token_name", q.token());
    range(where, args, "at >= ?", q.since());
    range(where, args, "at < ?", q.until());
    range(where, args, "id < ?", q.before());
    args.add(q.limit() + 1);
    String sql = "SELECT " + COLUMNS + " FROM events" + where + " ORDER BY id DESC LIMIT ?";
    List<Event> rows = db.read(c -> Sql.list(c, sql, EventStore::row, args.toArray()));
    Long next = null;
    if (rows.size() > q.limit()) {
      rows = rows.subList(0, q.limit());
      next = rows.get(rows.size() - 1).id();
    }
    return new Page(List.copyOf(rows), next);
  }

  public Event get(long id) throws SQLException {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM events WHERE id = ?",
        EventStore::row, id)).orElse(null);
  }

  private static void eq(StringBuilder w, List<Object> args, String col, String v) {
    if (v != null) {
      w.append(" AND ").append(col).append(" = ?");
      args.add(v);
    }
  }

  private static void range(StringBuilder w, List<Object> args, String cond, Long v) {
    if (v != null) {
      w.append(" AND ").append(cond);
      args.add(v);
    }
  }

  private static Event row(ResultSet r) throws SQLException {
    Integer status = r.getInt("status");
    if (r.wasNull()) {
      status = null;
    }
    return new Event(r.getLong("id"), r.getLong("at"), r.getString("kind"), r.getString("client"),
        r.getString("token_name"), r.getString("repo"), r.getString("revision"),
        r.getString("commit_sha"), r.getString("path"), r.getString("sha256"),
        Sql.longOrNull(r, "size"), r.getString("format"), r.getString("verdict"),
        r.getInt("blocked") != 0, r.getString("reason"), r.getString("findings"), status,
        r.getString("detail"));
  }
}
