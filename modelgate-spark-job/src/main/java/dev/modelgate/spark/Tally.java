package dev.modelgate.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.util.AccumulatorV2;

/**
 * The summary's counts, kept as the tasks produce rows, so the job does not read its output back
 * and aggregate it: units by verdict, rows by format, findings by rule (what
 * {@link ModelgateSpark#summary} computes from a Dataset). Spark applies a finished task's
 * update once per partition of the job that computes the rows, so a retried task counts once.
 */
final class Tally extends AccumulatorV2<Row, Tally.Counts> {
  private static final long serialVersionUID = 1L;

  private Counts counts = new Counts();

  /** Counts by kind ({@code verdict}, {@code format}, {@code rule}), then key. */
  static final class Counts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Map<String, Long>> byKind = new HashMap<>();

    void add(String kind, String key, long n) {
      byKind.computeIfAbsent(kind, k -> new HashMap<>()).merge(key, n, Long::sum);
    }

    void addAll(Counts other) {
      other.byKind.forEach((kind, m) -> m.forEach((key, n) -> add(kind, key, n)));
    }

    boolean isEmpty() {
      return byKind.isEmpty();
    }

    /** One kind's counts, the largest first, ties by key, as the summary Dataset orders them. */
    Map<String, Long> of(String kind) {
      List<Map.Entry<String, Long>> es = new ArrayList<>(byKind.getOrDefault(kind, Map.of())
          .entrySet());
      es.sort(Map.Entry.<String, Long>comparingByValue().reversed()
          .thenComparing(Map.Entry.comparingByKey()));
      Map<String, Long> out = new LinkedHashMap<>();
      es.forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }
  }

  @Override
  public boolean isZero() {
    return counts.isEmpty();
  }

  @Override
  public AccumulatorV2<Row, Counts> copy() {
    Tally t = new Tally();
    t.counts.addAll(counts);
    return t;
  }

  @Override
  public void reset() {
    counts = new Counts();
  }

  @Override
  public void add(Row r) {
    if (r.getBoolean(Rows.TOP)) {
      counts.add("verdict", r.getString(Rows.VERDICT), 1);
    }
    counts.add("format", r.getString(Rows.FORMAT), 1);
    for (Object f : (Object[]) r.get(Rows.FINDINGS)) {
      counts.add("rule", ((Row) f).getString(0), 1);
    }
  }

  @Override
  public void merge(AccumulatorV2<Row, Counts> other) {
    counts.addAll(other.value());
  }

  @Override
  public Counts value() {
    return counts;
  }
}
