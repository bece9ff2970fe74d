package dev.modelgate.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prepared statements with positional arguments, without the boilerplate. */
final class Sql {
  private Sql() {}

  /** Maps the current row. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet r) throws SQLException;
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      bind(p, args);
      return p.executeUpdate();
    }
  }

  /** Inserts one row and returns its generated id. */
  static long insert(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql, new String[] {"id"})) {
      bind(p, args);
      p.executeUpdate();
      try (ResultSet k = p.getGeneratedKeys()) {
        if (!k.next()) {
          throw new SQLException("no id generated for: " + sql);
        }
        return k.getLong(1);
      }
    }
  }

  static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      bind(p, args);
      try (ResultSet r = p.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (r.next()) {
          out.add(row.map(r));
        }
        return out;
      }
    }
  }

  static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    List<T> l = list(c, sql, row, args);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /** A nullable BIGINT column. */
  static Long longOrNull(ResultSet r, String col) throws SQLException {
    long v = r.getLong(col);
    return r.wasNull() ? null : v;
  }

  private static void bind(PreparedStatement p, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      switch (a) {
        case null -> p.setNull(i + 1, Types.VARCHAR);
        case NullLong n -> p.setNull(i + 1, Types.BIGINT);
        case NullInt n -> p.setNull(i + 1, Types.INTEGER);
        case String s -> p.setString(i + 1, s);
        case Long l -> p.setLong(i + 1, l);
        case Integer n -> p.setInt(i + 1, n);
        case Boolean b -> p.setInt(i + 1, b ? 1 : 0);
        default -> throw new IllegalArgumentException("cannot bind " + a.getClass());
      }
    }
  }

  /** Typed NULLs: PostgreSQL wants the column's type even for a NULL. */
  private record NullLong() {}

  private record NullInt() {}

  static Object big(Long v) {
    return v == null ? new NullLong() : v;
  }

  static Object integer(Integer v) {
    return v == null ? new NullInt() : v;
  }
}
