package dev.modelgate.spark;

import dev.modelgate.ModelGate;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The output schema and the conversion of core results into its rows. */
final class Rows {
  /** Written into every row; incremental runs reuse only rows of the same version. */
  static final String SCANNER_VERSION = ModelGate.NAME + " " + ModelGate.VERSION;

  static final String SCANNED = "scanned";
  static final String PREVIOUS = "previous";
  static final String DUPLICATE = "duplicate";

  static final StructType FINDING = DataTypes.createStructType(List.of(
      field("rule", false), field("severity", false), field("message", false),
      field("location", false), field("evidence", false)));

  static final StructType SCHEMA = DataTypes.createStructType(List.of(
      field("path", false),
      field("parent_unit", false),
      DataTypes.createStructField("top_level", DataTypes.BooleanType, false),
      DataTypes.createStructField("size", DataTypes.LongType, false),
      DataTypes.createStructField("mtime", DataTypes.LongType, true),
      field("sha256", true),
      field("format", false),
      field("verdict", false),
      DataTypes.createStructField("findings", DataTypes.createArrayType(FINDING, false), false),
      field("scanner_version", false),
      DataTypes.createStructField("scan_time", DataTypes.TimestampType, false),
      DataTypes.createStructField("scan_ms", DataTypes.LongType, true),
      field("origin", false)));

  // column positions, for code that reads rows back
  static final int PATH = 0;
  static final int UNIT = 1;
  static final int TOP = 2;
  static final int VERDICT = 7;
  static final int FORMAT = 6;
  static final int FINDINGS = 8;

  private Rows() {}

  /** The schema's columns in order, to select a previous output's into the same shape. */
  static Column[] columns() {
    return Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  /**
   * A folder name for Spark's readers, which take {@code [ ] { } * ?} as glob patterns: escaped,
   * so an output folder named {@code scan[1]} is read as itself.
   */
  static String literalPath(String dir) {
    return dir.replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1");
  }

  private static StructField field(String name, boolean nullable) {
    return DataTypes.createStructField(name, DataTypes.StringType, nullable);
  }

  /**
   * The rows of one scanned unit. Core results are named by {@code coreName} (a local path or a
   * source name); rows are named by {@code unitPath}, the unit's URI, so one run's names do not
   * depend on how a file was opened.
   */
  static List<Row> of(List<ScanResult> results, String coreName, String unitPath, long mtime,
      Timestamp at, long millis) {
    List<Row> out = new ArrayList<>(results.size());
    for (ScanResult r : results) {
      String path = rename(r.path(), coreName, unitPath);
      boolean top = path.equals(unitPath);
      out.add(RowFactory.create(path, unitPath, top, r.size(), top ? mtime : null, r.sha256(),
          r.format(), r.verdict().label(), findings(r.findings()), SCANNER_VERSION, at,
          top ? millis : null, SCANNED));
    }
    return out;
  }

  /** One row standing for a whole unit that could not be scanned as a whole. */
  static Row failed(String unitPath, long size, long mtime, String format, Finding f,
      Timestamp at, long millis) {
    return RowFactory.create(unitPath, unitPath, true, size, mtime, null, format,
        Verdict.INVALID.label(), findings(List.of(f)), SCANNER_VERSION, at, millis, SCANNED);
  }

  /** A copy of a row of {@code from} for the unit {@code to}, which has the same bytes. */
  static Row copy(Row r, String from, String to, long mtime, String origin) {
    String path = rename(r.getString(PATH), from, to);
    boolean top = r.getBoolean(TOP);
    Object[] v = new Object[SCHEMA.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    v[PATH] = path;
    v[UNIT] = to;
    v[4] = top ? mtime : null;
    v[12] = origin;
    return RowFactory.create(v);
  }

  private static String rename(String path, String from, String to) {
    if (path.equals(from)) {
      return to;
    }
    if (path.startsWith(from + "!/")) {
      return to + path.substring(from.length());
    }
    return path; // not reached: every result of a unit is named below it
  }

  /** An array: Spark's row encoder takes arrays and Scala sequences, not Java lists. */
  private static Row[] findings(List<Finding> fs) {
    Row[] out = new Row[fs.size()];
    for (int i = 0; i < out.length; i++) {
      Finding f = fs.get(i);
      out[i] = RowFactory.create(f.rule(), f.severity().label(), f.message(), f.location(),
          f.evidence());
    }
    return out;
  }
}
