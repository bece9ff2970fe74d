package dev.modelgate.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What a run did, counted on the executors with Spark accumulators: how many files were opened
 * and bytes read (so an incremental re-run can show that it read nothing), and how many units were
 * scanned, taken from a previous run, or copied from a unit with identical bytes.
 */
public final class Counters implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator filesOpened;
  private final LongAccumulator bytesRead;
  private final LongAccumulator scanned;
  private final LongAccumulator hashed;
  private final LongAccumulator timedOut;
  private final LongAccumulator duplicates;
  private final Tally tally = new Tally();
  private long reused;
  private long plannedDuplicates;

  Counters(SparkContext sc) {
    filesOpened = sc.longAccumulator("modelgate files opened");
    bytesRead = sc.longAccumulator("modelgate bytes read");
    scanned = sc.longAccumulator("modelgate units scanned");
    hashed = sc.longAccumulator("modelgate files hashed");
    timedOut = sc.longAccumulator("modelgate units over the time limit");
    duplicates = sc.longAccumulator("modelgate units with the bytes of another");
    sc.register(tally, "modelgate summary");
  }

  void fileOpened() {
    filesOpened.add(1);
  }

  void bytesRead(long n) {
    bytesRead.add(n);
  }

  void scanned() {
    scanned.add(1);
  }

  void hashed() {
    hashed.add(1);
  }

  void timedOut() {
    timedOut.add(1);
  }

  /** A unit found in its task to have the bytes of one scanned before it. */
  void duplicate() {
    duplicates.add(1);
  }

  /** Rows as they leave a task, for the summary. */
  void tally(java.util.List<org.apache.spark.sql.Row> rows) {
    for (org.apache.spark.sql.Row r : rows) {
      tally.add(r);
    }
  }

  void planned(long reusedUnits, long duplicateUnits) {
    reused = reusedUnits;
    plannedDuplicates = duplicateUnits;
  }

  /**
   * Counts by verdict (units), format (rows) and rule (findings) of the rows the scan produced,
   * not of rows taken from a previous run; valid once the rows have been computed once.
   */
  Tally.Counts scannedCounts() {
    return tally.value();
  }

  /** Files opened for hashing or scanning (a folder unit on a local disk counts its files). */
  public long filesOpened() {
    return filesOpened.value();
  }

  /** Bytes read through Hadoop's file system API (local folder scans are counted as files). */
  public long bytesRead() {
    return bytesRead.value();
  }

  /** Units whose bytes were scanned in this run. */
  public long unitsScanned() {
    return scanned.value();
  }

  /** Files read only to learn their sha256, because another file has the same size. */
  public long filesHashed() {
    return hashed.value();
  }

  /** Units taken from the previous run without reading them or without scanning them again. */
  public long unitsReused() {
    return reused;
  }

  /** Units whose bytes equal those of another unit scanned in this run. */
  public long unitsDuplicate() {
    return plannedDuplicates + duplicates.value();
  }

  /** Units that ran over the per-file time limit. */
  public long unitsTimedOut() {
    return timedOut.value();
  }

  /** All counts by name, for the summary. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("units_scanned", unitsScanned());
    m.put("units_reused", unitsReused());
    m.put("units_duplicate", unitsDuplicate());
    m.put("units_timed_out", unitsTimedOut());
    m.put("files_opened", filesOpened());
    m.put("files_hashed", filesHashed());
    m.put("bytes_read", bytesRead());
    return m;
  }
}
