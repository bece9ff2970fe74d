package dev.modelgate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Reading result rows in tests. */
final class ScanTestRows {
  private ScanTestRows() {}

  static Map<String, Row> byPath(Dataset<Row> ds) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : ds.collectAsList()) {
      assertThat(m.put(r.getAs("path"), r)).as("one row per path").isNull();
    }
    return m;
  }

  static List<String> rules(Row r) {
    List<Row> fs = r.getList(r.fieldIndex("findings"));
    return fs.stream().map(f -> f.<String>getAs("rule")).toList();
  }
}
