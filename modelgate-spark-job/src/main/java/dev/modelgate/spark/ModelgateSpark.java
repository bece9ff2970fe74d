package dev.modelgate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * modelgate on Apache Spark: scans model files on any Hadoop-compatible file system into a
 * {@code Dataset<Row>} of verdicts, one row per file, model folder and container member.
 *
 * <pre>{@code
 * Dataset<Row> rows = ModelgateSpark.scan(spark, List.of("s3a://models/"));
 * rows.where("top_level AND verdict <> 'clean'").show();
 * }</pre>
 *
 * <p>Listing, the previous run's keys and the hashing of same-sized files happen when
 * {@code scan} is called; the scan itself runs when the Dataset is first computed, and again
 * each time it is computed unless you {@code persist()} it (or write it and read it back).
 * Columns: see {@link #schema()}.
 */
public final class ModelgateSpark {
  private ModelgateSpark() {}

  /**
   * The result columns: {@code path} (URI; a member is {@code unit!/member}), {@code parent_unit}
   * (the file or model folder the row belongs to), {@code top_level} (the unit's own row),
   * {@code size}, {@code mtime} (ms; unit rows), {@code sha256} (null over the hash limit and for
   * folders), {@code format}, {@code verdict} (clean, suspicious, invalid, malicious; a unit's is
   * the worst of its members'), {@code findings} (array of rule, severity, message, location,
   * evidence), {@code scanner_version}, {@code scan_time}, {@code scan_ms} (unit rows) and
   * {@code origin} (scanned, previous, or duplicate: copied from a unit with the same bytes).
   */
  public static StructType schema() {
    return Rows.SCHEMA;
  }

  /** Scans files, folder trees and list files with the default settings. */
  public static Dataset<Row> scan(SparkSession spark, List<String> paths) throws IOException {
    return run(spark, paths, ScanSettings.defaults()).rows();
  }

  public static Dataset<Row> scan(SparkSession spark, List<String> paths, ScanSettings settings)
      throws IOException {
    return run(spark, paths, settings).rows();
  }

  /** Like {@link #scan}, with the run's counters (valid once the rows have been computed). */
  public static Scan run(SparkSession spark, List<String> paths, ScanSettings settings)
      throws IOException {
    ScanPlan plan = new ScanPlan(spark, settings);
    Dataset<Row> rows = plan.run(paths);
    return new Scan(rows, plan.counters(), plan.phases());
  }

  /**
   * Counts over scan results: {@code kind} {@code verdict} (units by verdict), {@code format}
   * (rows by format) and {@code rule} (findings by rule), with {@code key} and {@code count}.
   */
  public static Dataset<Row> summary(Dataset<Row> results) {
    Dataset<Row> verdicts = results.where(col("top_level")).groupBy(col("verdict").as("key"))
        .count().select(lit("verdict").as("kind"), col("key"), col("count"));
    Dataset<Row> formats = results.groupBy(col("format").as("key")).count()
        .select(lit("format").as("kind"), col("key"), col("count"));
    Dataset<Row> rules = results.select(explode(col("findings")).as("f"))
        .groupBy(col("f.rule").as("key")).count()
        .select(lit("rule").as("kind"), col("key"), col("count"));
    return verdicts.union(formats).union(rules).orderBy(col("kind"), col("count").desc(),
        col("key"));
  }

  /**
   * A scan's rows and what the run did to produce them.
   *
   * @param planning what the driver did before the scan (listing, hashing), as one line
   */
  public record Scan(Dataset<Row> rows, Counters counters, String planning) {}
}
