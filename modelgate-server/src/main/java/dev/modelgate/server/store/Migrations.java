package dev.modelgate.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Versioned schema migrations: {@code db/V<n>.sql} resources (plus per-dialect additions)
 * applied in order, each in one transaction together with its row in {@code schema_version}. A small runner instead of
 * Flyway: the schema is a handful of tables, and Flyway would add more code than it replaces
 * (plus a database module per dialect). A database newer than this build is refused, not
 * silently downgraded.
 */
final class Migrations {
  /** The newest schema version this build knows. */
  static final int LATEST = 1;

  private Migrations() {}

  static void apply(Database db) throws SQLException {
    db.write(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            + "applied_at BIGINT NOT NULL)");
      }
      return null;
    });
    int current = db.read(Migrations::current);
    if (current > LATEST) {
      throw new SQLException("the database schema is version " + current + ", newer than this "
          + "modelgate (" + LATEST + "): use a newer modelgate or another database");
    }
    for (int v = current + 1; v <= LATEST; v++) {
      List<String> statements = statements(db.dialect(), v);
      int version = v;
      db.write(c -> {
        // a second gateway on the same database may have migrated meanwhile
        if (current(c) >= version) {
          return null;
        }
        try (Statement s = c.createStatement()) {
          for (String sql : statements) {
            s.execute(sql);
          }
        }
        try (PreparedStatement p = c.prepareStatement(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
          p.setInt(1, version);
          p.setLong(2, System.currentTimeMillis());
          p.executeUpdate();
        }
        return null;
      });
    }
  }

  private static int current(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      r.next();
      return r.getInt(1);
    }
  }

  /**
   * The statements of migration {@code version}: {@code db/V<n>.sql} with {@code {{id}}} replaced
   * by the dialect's auto-increment key, then {@code db/<dialect>/V<n>.sql} (what only that
   * dialect can say, if anything), split on lines that hold only {@code ;}.
   */
  static List<String> statements(Database.Dialect d, int version) {
    String id = d == Database.Dialect.SQLITE ? "INTEGER PRIMARY KEY AUTOINCREMENT"
        : "BIGSERIAL PRIMARY KEY";
    List<String> out = split(resource("/db/V" + version + ".sql", true).replace("{{id}}", id));
    out.addAll(split(resource("/db/" + d.name().toLowerCase(Locale.ROOT) + "/V" + version
        + ".sql", false)));
    return out;
  }

  private static String resource(String name, boolean required) {
    try (InputStream in = Migrations.class.getResourceAsStream(name)) {
      if (in == null) {
        if (required) {
          throw new IllegalStateException("missing migration " + name);
        }
        return "";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + name, e);
    }
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.strip().equals(";")) {
        if (!cur.toString().isBlank()) {
          out.add(cur.toString().strip());
        }
        cur.setLength(0);
      } else if (!line.strip().startsWith("--")) {
        cur.append(line).append('\n');
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}
