package dev.modelgate.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The metadata database: embedded SQLite (one file in the data folder) or PostgreSQL, behind a
 * small connection pool. SQLite allows one writer at a time, so writes are serialised here
 * rather than retried on SQLITE_BUSY; PostgreSQL writes run concurrently.
 */
public final class Database implements AutoCloseable {
  /** The SQL that differs between the two databases. */
  public enum Dialect { SQLITE, POSTGRES }

  /** Work done with one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final ReentrantLock writer = new ReentrantLock();

  private Database(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /** Opens the database and brings its schema up to date. */
  public static Database open(String jdbcUrl) throws SQLException {
    Dialect d = jdbcUrl.startsWith("jdbc:postgresql:") ? Dialect.POSTGRES : Dialect.SQLITE;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    hc.setPoolName("modelgate-db");
    hc.setConnectionTimeout(10_000);
    hc.setInitializationFailTimeout(1);
    if (d == Dialect.SQLITE) {
      hc.setMaximumPoolSize(4);
      hc.setConnectionInitSql("PRAGMA busy_timeout = 10000");
    } else {
      hc.setMaximumPoolSize(8);
    }
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      throw new SQLException(c.getMessage(), c);
    }
    Database db = new Database(ds, d);
    try {
      if (d == Dialect.SQLITE) {
        db.read(c -> {
          try (var s = c.createStatement()) {
            // WAL: readers never wait for the writer; FULL: a committed audit row survives a crash
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
          }
          return null;
        });
      }
      Migrations.apply(db);
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Runs {@code w} with a connection in auto-commit mode. */
  public <T> T read(Work<T> w) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return w.run(c);
    }
  }

  /** Runs {@code w} in one transaction: all of it is committed, or none of it. */
  public <T> T write(Work<T> w) throws SQLException {
    boolean lock = dialect == Dialect.SQLITE;
    if (lock) {
      writer.lock();
    }
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T t = w.run(c);
        c.commit();
        return t;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } finally {
      if (lock) {
        writer.unlock();
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
