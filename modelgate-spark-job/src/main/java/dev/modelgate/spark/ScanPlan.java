package dev.modelgate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Decides on the driver what each listed unit needs, then builds the result: units unchanged
 * since the previous run are taken from it unread; files that share their size with another are
 * hashed first, so identical bytes are scanned once (or not at all when the previous run scanned
 * them); everything else is scanned in tasks balanced by cost.
 */
final class ScanPlan {
  private static final StructType MOVES = DataTypes.createStructType(List.of(
      DataTypes.createStructField("from_unit", DataTypes.StringType, false),
      DataTypes.createStructField("to_unit", DataTypes.StringType, false),
      DataTypes.createStructField("to_mtime", DataTypes.LongType, false)));

  private final SparkSession spark;
  private final ScanSettings settings;
  private final Counters counters;
  private final HadoopConf conf;

  ScanPlan(SparkSession spark, ScanSettings settings) {
    this.spark = spark;
    this.settings = settings;
    this.counters = new Counters(spark.sparkContext());
    this.conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
  }

  Counters counters() {
    return counters;
  }

  /** Seconds the driver spent listing and hashing, for --debug. */
  String phases() {
    return phases;
  }

  private String phases = "";

  Dataset<Row> run(List<String> inputs) throws IOException {
    long t0 = System.nanoTime();
    List<Unit> units = Listing.of(conf.get(), inputs);
    long t1 = System.nanoTime();
    Previous prev = settings.previous() == null ? null : Previous.read(spark, settings.previous());
    List<Row> kept = new ArrayList<>();
    List<Unit> rest = new ArrayList<>();
    for (Unit u : units) {
      if (prev != null && prev.unchanged(u)) {
        kept.add(RowFactory.create(u.path(), u.path(), u.mtime()));
      } else {
        rest.add(u);
      }
    }
    // Same-sized files may share bytes. A group that fits in one task is scanned in one task,
    // which hashes each file as it reads it and scans each content once: no pass of its own.
    // Groups that may repeat a previous run's bytes, or too big for one task, are hashed first.
    int tasks = Packing.tasks(rest, settings.partitions(), parallelism(), settings.hashLimit());
    long share = Packing.cost(rest, settings.hashLimit()) / tasks;
    List<Unit> preHash = new ArrayList<>();
    List<List<Unit>> groups = new ArrayList<>();
    int inTask = 0;
    for (List<Unit> same : sameSized(rest)) {
      Unit first = same.get(0);
      boolean hashable = !first.folder() && first.size() <= settings.hashLimit();
      if ((hashable && prev != null && prev.hasSize(first.size()))
          || (same.size() > 1 && Packing.cost(same, settings.hashLimit()) > share)) {
        preHash.addAll(same);
      } else if (same.size() > 1) {
        groups.add(same.stream().map(Unit::withDedupe).toList());
        inTask += same.size();
      } else {
        groups.add(same);
      }
    }
    long t2 = System.nanoTime();
    Map<String, String> shas = hash(preHash);
    phases = String.format("listed %d units in %.2f s, read the previous keys in %.2f s, hashed %d"
        + " files first in %.2f s (%d same-sized files are hashed in their tasks)", units.size(),
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, preHash.size(), (System.nanoTime() - t2) / 1e9,
        inTask);
    Map<String, List<Unit>> bySha = new LinkedHashMap<>();
    for (Unit u : preHash) {
      String sha = shas.get(u.path());
      if (sha == null) {
        groups.add(List.of(u));
      } else if (prev != null && prev.withSha(sha) != null) {
        kept.add(RowFactory.create(prev.withSha(sha).path(), u.path(), u.mtime()));
      } else {
        bySha.computeIfAbsent(sha, k -> new ArrayList<>()).add(u);
      }
    }
    long copies = 0;
    for (List<Unit> same : bySha.values()) {
      List<Unit.Copy> c = new ArrayList<>();
      for (Unit u : same.subList(1, same.size())) {
        c.add(new Unit.Copy(u.path(), u.mtime()));
      }
      copies += c.size();
      groups.add(List.of(same.get(0).withCopies(c)));
    }
    counters.planned(kept.size(), copies);
    Dataset<Row> scanned = spark.createDataFrame(scan(groups).rdd(), Rows.SCHEMA);
    return prev == null || kept.isEmpty() ? scanned : scanned.unionByName(moved(prev, kept));
  }

  private int parallelism() {
    return spark.sparkContext().defaultParallelism();
  }

  /**
   * The units to scan grouped by whose bytes they may repeat: files up to the hash limit by size
   * (a group may have one member), every folder and larger file on its own.
   */
  private List<List<Unit>> sameSized(List<Unit> rest) {
    Map<Long, List<Unit>> sizes = new LinkedHashMap<>();
    List<List<Unit>> out = new ArrayList<>();
    for (Unit u : rest) {
      if (!u.folder() && u.size() <= settings.hashLimit()) {
        sizes.computeIfAbsent(u.size(), k -> new ArrayList<>()).add(u);
      } else {
        out.add(List.of(u));
      }
    }
    out.addAll(sizes.values());
    return out;
  }

  private Map<String, String> hash(List<Unit> files) {
    Map<String, String> out = new HashMap<>();
    if (files.isEmpty()) {
      return out;
    }
    HadoopConf hc = conf;
    Duration limit = settings.timeLimit();
    Counters cs = counters;
    List<List<Unit>> singles = files.stream().map(List::of).toList();
    List<Tuple2<String, String>> pairs = bins(singles).flatMap(bin -> {
      List<Tuple2<String, String>> r = new ArrayList<>(bin.size());
      for (Unit u : bin) {
        r.add(new Tuple2<>(u.path(), Hashing.sha256(u, hc.get(), limit, cs)));
      }
      return r.iterator();
    }).collect();
    for (Tuple2<String, String> p : pairs) {
      if (p._2() != null) {
        out.put(p._1(), p._2());
      }
    }
    return out;
  }

  private JavaRDD<Row> scan(List<List<Unit>> groups) {
    HadoopConf hc = conf;
    ScanSettings s = settings;
    Counters cs = counters;
    return bins(groups).mapPartitions(bins -> new RowIterator(bins, UnitScan.of(s, hc.get(), cs)));
  }

  /** One partition per task: groups packed by cost, a group's units together. */
  private JavaRDD<List<Unit>> bins(List<List<Unit>> groups) {
    List<Unit> all = groups.stream().flatMap(List::stream).toList();
    int n = Packing.tasks(all, settings.partitions(), parallelism(), settings.hashLimit());
    List<List<Unit>> bins = Packing.packGroups(groups, n, settings.hashLimit());
    // one bin per partition: parallelize slices a list of n elements into n one-element slices
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(bins, bins.size());
  }

  /** The previous rows of units kept as they were, renamed when only their bytes matched. */
  private Dataset<Row> moved(Previous prev, List<Row> kept) {
    Dataset<Row> moves = spark.createDataFrame(kept, MOVES);
    Dataset<Row> rows = prev.rows().join(moves, prev.rows().col("parent_unit")
        .equalTo(moves.col("from_unit")));
    Column rest = expr("substring(path, length(from_unit) + 1)");
    List<Column> cols = new ArrayList<>();
    for (String f : Rows.SCHEMA.fieldNames()) {
      cols.add(switch (f) {
        case "path" -> concat(col("to_unit"), rest).as(f);
        case "parent_unit" -> col("to_unit").as(f);
        case "mtime" -> when(col("top_level"), col("to_mtime")).as(f);
        case "origin" -> lit(Rows.PREVIOUS).as(f);
        default -> col(f);
      });
    }
    return rows.select(cols.toArray(Column[]::new));
  }

  /** Scans the units of a task's bins one at a time, so a task holds one unit's rows at once. */
  private static final class RowIterator implements java.util.Iterator<Row> {
    private final java.util.Iterator<List<Unit>> bins;
    private final UnitScan scan;
    private java.util.Iterator<Unit> units = java.util.Collections.emptyIterator();
    private java.util.Iterator<Row> rows = java.util.Collections.emptyIterator();

    RowIterator(java.util.Iterator<List<Unit>> bins, UnitScan scan) {
      this.bins = bins;
      this.scan = scan;
    }

    @Override
    public boolean hasNext() {
      while (!rows.hasNext()) {
        while (!units.hasNext()) {
          if (!bins.hasNext()) {
            return false;
          }
          units = bins.next().iterator();
        }
        rows = scan.rows(units.next()).iterator();
      }
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return rows.next();
    }
  }
}
