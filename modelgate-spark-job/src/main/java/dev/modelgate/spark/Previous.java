package dev.modelgate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An earlier run's output, as far as this scanner version may trust it: its rows, and the keys of
 * its units (path, size, mtime; sha256 for files). Units that ran out of time or could not be
 * read then are not trusted: they are scanned again.
 */
final class Previous {
  private final Dataset<Row> rows;
  private final Map<String, Top> byPath = new HashMap<>();
  private final Map<String, Top> bySha = new HashMap<>();
  private final Set<Long> shaSizes = new HashSet<>();

  /** A previous unit's own row. */
  record Top(String path, long size, Long mtime, String sha256) {}

  private Previous(Dataset<Row> rows) {
    this.rows = rows;
  }

  static Previous none(SparkSession spark) {
    return new Previous(spark.createDataFrame(java.util.List.of(), Rows.SCHEMA));
  }

  static Previous read(SparkSession spark, String dir) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p)) {
      throw new java.io.FileNotFoundException(dir + ": no such previous output");
    }
    boolean parquet = false;
    for (FileStatus f : fs.listStatus(p)) {
      parquet |= f.getPath().getName().endsWith(".parquet");
    }
    String literal = Rows.literalPath(p.toString());
    Dataset<Row> all = parquet ? spark.read().parquet(literal)
        : spark.read().schema(Rows.SCHEMA).json(literal);
    Dataset<Row> same = all.select(Rows.columns()).where(col("scanner_version")
        .equalTo(lit(Rows.SCANNER_VERSION)));
    Previous prev = new Previous(same);
    Dataset<Row> tops = same.where(col("top_level")
        .and(expr("NOT exists(findings, f -> f.rule IN ('" + Deadline.RULE + "', "
            + "'fs.unreadable'))")))
        .select("path", "size", "mtime", "sha256", "format");
    for (Row r : tops.collectAsList()) {
      Top t = new Top(r.getString(0), r.getLong(1), r.isNullAt(2) ? null : r.getLong(2),
          r.getString(3));
      prev.byPath.put(t.path(), t);
      if (t.sha256() != null && !"directory".equals(r.getString(4))) {
        prev.bySha.putIfAbsent(t.sha256(), t);
        prev.shaSizes.add(t.size());
      }
    }
    return prev;
  }

  /** True when the previous run scanned this unit as it is now. */
  boolean unchanged(Unit u) {
    Top t = byPath.get(u.path());
    return t != null && t.size() == u.size() && t.mtime() != null && t.mtime() == u.mtime();
  }

  /** The previous file with these bytes, or null. */
  Top withSha(String sha) {
    return bySha.get(sha);
  }

  /** True when a previous file has this size, so a file of this size may repeat its bytes. */
  boolean hasSize(long size) {
    return shaSizes.contains(size);
  }

  Dataset<Row> rows() {
    return rows;
  }
}
