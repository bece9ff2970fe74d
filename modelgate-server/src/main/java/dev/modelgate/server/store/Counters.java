package dev.modelgate.server.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts over time (requests, verdicts, blocked files, bytes) in hourly buckets, for charts.
 * Increments are kept in memory and added to the database by {@link #flush}, which the server
 * calls every few seconds and at shutdown.
 */
public final class Counters {
  /** One bucket's value. */
  public record Point(long bucket, String name, long value) {}

  private static final long HOUR = 3_600_000;

  private final Database db;
  private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

  private record Key(long bucket, String name) {}

  public Counters(Database db) {
    this.db = db;
  }

  public void add(String name, long delta) {
    long bucket = System.currentTimeMillis() / HOUR * HOUR;
    pending.computeIfAbsent(new Key(bucket, name), k -> new LongAdder()).add(delta);
  }

  // pending is a ConcurrentHashMap: removing while iterating it is defined (weakly consistent)
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
  public void flush() throws SQLException {
    long now = System.currentTimeMillis() / HOUR * HOUR;
    for (Map.Entry<Key, LongAdder> e : pending.entrySet()) {
      Key k = e.getKey();
      long v = e.getValue().sumThenReset();
      if (k.bucket() < now) {
        pending.remove(k, e.getValue()); // a past hour gets no more increments
      }
      if (v == 0) {
        continue;
      }
      try {
        db.write(c -> Sql.update(c, "INSERT INTO counters (bucket, name, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (bucket, name) DO UPDATE SET value = counters.value + excluded.value",
            k.bucket(), k.name(), v));
      } catch (SQLException ex) {
        pending.computeIfAbsent(k, x -> new LongAdder()).add(v); // kept for the next flush
        throw ex;
      }
    }
  }

  /** Buckets in {@code [since, until)}, oldest first. */
  public List<Point> range(long since, long until) throws SQLException {
    return db.read(c -> Sql.list(c, "SELECT bucket, name, value FROM counters WHERE bucket >= ? "
        + "AND bucket < ? ORDER BY bucket, name", r -> new Point(r.getLong(1), r.getString(2),
        r.getLong(3)), since, until));
  }
}
