package dev.modelgate.spark;

import dev.modelgate.json.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the job: refuses an output folder that holds anything but an earlier result, scans,
 * writes the rows with Spark's commit protocol, then the summary beside them
 * ({@code _modelgate.json}, which Spark's readers skip like every {@code _} file).
 */
final class JobRun {
  static final String SUMMARY = "_modelgate.json";

  private final SparkSession spark;
  private final Path output;
  private final boolean json;

  private final PrintStream debug;

  /** @param debug where to say how long each phase took, or null */
  JobRun(SparkSession spark, String output, boolean json, PrintStream debug) {
    this.debug = debug;
    this.spark = spark;
    this.output = new Path(output);
    this.json = json;
  }

  int execute(List<String> inputs, ScanSettings settings, PrintStream out) throws IOException {
    FileSystem fs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path dir = fs.makeQualified(output);
    checkOutput(fs, dir, inputs, settings.previous());
    long start = System.nanoTime();
    ModelgateSpark.Scan scan = ModelgateSpark.run(spark, inputs, settings);
    long planned = System.nanoTime();
    if (debug != null) {
      debug.printf("modelgate-spark: %s; planned in %.2f s%n", scan.planning(),
          (planned - start) / 1e9);
    }
    var writer = scan.rows().write().mode(SaveMode.Overwrite);
    if (json) {
      writer.json(dir.toString());
    } else {
      writer.parquet(dir.toString());
    }
    if (debug != null) {
      debug.printf("modelgate-spark: scanned and wrote in %.2f s%n",
          (System.nanoTime() - planned) / 1e9);
    }
    Map<String, Map<String, Long>> counts = counts(scan.counters(), dir);
    if (debug != null) {
      debug.printf("modelgate-spark: counted in %.2f s%n", (System.nanoTime() - planned) / 1e9);
    }
    Map<String, Long> verdicts = counts.get("verdict");
    long units = verdicts.values().stream().mapToLong(Long::longValue).sum();
    long notClean = units - verdicts.getOrDefault("clean", 0L);
    double secs = (System.nanoTime() - start) / 1e9;
    writeSummary(fs, dir, counts, scan.counters(), units, secs);
    out.printf("modelgate-spark: %d unit%s in %.1f s: %d clean, %d suspicious, %d invalid, "
        + "%d malicious (scanned %d, reused %d, duplicates %d, timed out %d; %d files opened)"
        + " -> %s%n", units, units == 1 ? "" : "s", secs, verdicts.getOrDefault("clean", 0L),
        verdicts.getOrDefault("suspicious", 0L), verdicts.getOrDefault("invalid", 0L),
        verdicts.getOrDefault("malicious", 0L), scan.counters().unitsScanned(),
        scan.counters().unitsReused(), scan.counters().unitsDuplicate(),
        scan.counters().unitsTimedOut(), scan.counters().filesOpened(), dir);
    return notClean > 0 ? 1 : 0;
  }

  /**
   * The summary's counts: as the tasks made the rows, when every row was made in this run;
   * otherwise (rows taken from a previous run) from what was written, so nothing is computed
   * twice.
   */
  private Map<String, Map<String, Long>> counts(Counters counters, Path dir) {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    if (counters.unitsReused() == 0) {
      Tally.Counts c = counters.scannedCounts();
      for (String kind : List.of("verdict", "format", "rule")) {
        counts.put(kind, c.of(kind));
      }
      return counts;
    }
    for (String kind : List.of("verdict", "format", "rule")) {
      counts.put(kind, new LinkedHashMap<>());
    }
    String back = Rows.literalPath(dir.toString());
    Dataset<Row> written = json ? spark.read().schema(Rows.SCHEMA).json(back)
        : spark.read().parquet(back);
    for (Row r : ModelgateSpark.summary(written).collectAsList()) {
      counts.get(r.getString(0)).put(r.getString(1), r.getLong(2));
    }
    return counts;
  }

  /**
   * Overwriting deletes what the folder held, so only an earlier result (it has our summary) or
   * an empty folder may be written over, and never an input or the previous output.
   */
  private void checkOutput(FileSystem fs, Path dir, List<String> inputs, String previous)
      throws IOException {
    String d = dir.toString();
    for (String in : previous == null ? inputs
        : java.util.stream.Stream.concat(inputs.stream(), java.util.stream.Stream.of(previous))
            .toList()) {
      Path p = new Path(in);
      String q = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p)
          .toString();
      if (q.equals(d) || q.startsWith(d + "/") || d.startsWith(q + "/")) {
        throw new IOException("--output " + d + " overlaps the input or previous output " + q);
      }
    }
    if (fs.exists(dir)) {
      FileStatus[] entries = fs.listStatus(dir);
      if (entries.length > 0 && !fs.exists(new Path(dir, SUMMARY))) {
        throw new IOException("--output " + d + " exists and is not a modelgate-spark result;"
            + " give a new or empty folder");
      }
    }
  }

  private static void writeSummary(FileSystem fs, Path dir, Map<String, Map<String, Long>> counts,
      Counters counters, long units, double secs) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", "modelgate.spark-summary/v1");
    doc.put("scanner_version", Rows.SCANNER_VERSION);
    doc.put("units", units);
    doc.put("seconds", Math.round(secs * 1000) / 1000.0);
    doc.put("verdicts", counts.get("verdict"));
    doc.put("formats", counts.get("format"));
    doc.put("rules", counts.get("rule"));
    doc.put("run", counters.asMap());
    byte[] body = (JsonWriter.write(doc, true) + "\n").getBytes(StandardCharsets.UTF_8);
    Path tmp = new Path(dir, "." + SUMMARY + ".tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(body);
    }
    Path target = new Path(dir, SUMMARY);
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException(target + ": cannot write the summary");
    }
  }

  /** An exception as one line: its message, or its class when it has none. */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() <= 300 ? line : line.substring(0, 300) + "…";
  }
}
