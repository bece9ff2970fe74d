package dev.modelgate.server.http;

import dev.modelgate.server.store.Counters;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Prometheus metrics in the text exposition format, written by hand: a few counters, gauges and
 * one latency histogram do not need a metrics library. Counters named in {@link #count} are also
 * added to the database's hourly {@link Counters}, which the dashboard charts.
 */
public final class Metrics {
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      10, 30, 60, 300};

  private record Help(String type, String text) {}

  private final Map<String, Help> help = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
  private final Counters hourly;

  private static final class Histogram {
    final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
    final LongAdder micros = new LongAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }
  }

  public Metrics(Counters hourly) {
    this.hourly = hourly;
    describe("modelgate_http_requests_total", "counter", "HTTP requests by route, method and "
        + "status");
    describe("modelgate_verdicts_total", "counter", "Files judged, by verdict");
    describe("modelgate_blocked_total", "counter", "Files refused by the policy");
    describe("modelgate_cache_hits_total", "counter", "Files served from the blob store");
    describe("modelgate_cache_misses_total", "counter", "Files fetched from the upstream first");
    describe("modelgate_bytes_served_total", "counter", "Body bytes of files sent to clients");
    describe("modelgate_bytes_fetched_total", "counter", "Bytes fetched from the upstream");
    describe("modelgate_upstream_errors_total", "counter", "Failed upstream requests");
    describe("modelgate_scan_seconds", "histogram", "Time to scan one file");
  }

  public void describe(String name, String type, String text) {
    help.put(name, new Help(type, text));
  }

  /** Adds to a counter; {@code labels} is e.g. {@code verdict="clean"} or empty. */
  public void count(String name, String labels, long delta) {
    counters.computeIfAbsent(key(name, labels), k -> new LongAdder()).add(delta);
    if (hourly != null) {
      hourly.add(name.replace("modelgate_", "").replace("_total", "")
          + (labels.isEmpty() ? "" : "{" + labels + "}"), delta);
    }
  }

  /** A value read when metrics are scraped. */
  public void gauge(String name, String text, LongSupplier value) {
    describe(name, "gauge", text);
    gauges.put(name, value);
  }

  public void observe(String name, long nanos) {
    Histogram h = histograms.computeIfAbsent(name, k -> new Histogram());
    double s = nanos / 1e9;
    int i = 0;
    while (i < BUCKETS.length && s > BUCKETS[i]) {
      i++;
    }
    h.counts[i].increment();
    h.micros.add(nanos / 1000);
  }

  void request(String route, String method, int status) {
    counters.computeIfAbsent(key("modelgate_http_requests_total", "route=\"" + route
        + "\",method=\"" + method + "\",status=\"" + status + "\""), k -> new LongAdder())
        .increment();
    if (hourly != null) {
      hourly.add("requests", 1);
    }
  }

  private static String key(String name, String labels) {
    return labels.isEmpty() ? name : name + "{" + labels + "}";
  }

  /** The exposition text. */
  public String render() {
    StringBuilder b = new StringBuilder();
    Map<String, StringBuilder> byName = new TreeMap<>();
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(counters).entrySet()) {
      String k = e.getKey();
      String name = k.contains("{") ? k.substring(0, k.indexOf('{')) : k;
      byName.computeIfAbsent(name, n -> new StringBuilder()).append(k).append(' ')
          .append(e.getValue().sum()).append('\n');
    }
    for (Map.Entry<String, LongSupplier> e : gauges.entrySet()) {
      byName.computeIfAbsent(e.getKey(), n -> new StringBuilder()).append(e.getKey()).append(' ')
          .append(e.getValue().getAsLong()).append('\n');
    }
    for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
      StringBuilder s = byName.computeIfAbsent(e.getKey(), n -> new StringBuilder());
      Histogram h = e.getValue();
      long cum = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cum += h.counts[i].sum();
        s.append(e.getKey()).append("_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
            .append(cum).append('\n');
      }
      cum += h.counts[BUCKETS.length].sum();
      s.append(e.getKey()).append("_bucket{le=\"+Inf\"} ").append(cum).append('\n');
      s.append(e.getKey()).append("_sum ").append(h.micros.sum() / 1e6).append('\n');
      s.append(e.getKey()).append("_count ").append(cum).append('\n');
    }
    for (Map.Entry<String, StringBuilder> e : byName.entrySet()) {
      Help h = help.get(e.getKey());
      if (h != null) {
        b.append("# HELP ").append(e.getKey()).append(' ').append(h.text()).append('\n');
        b.append("# TYPE ").append(e.getKey()).append(' ').append(h.type()).append('\n');
      }
      b.append(e.getValue());
    }
    return b.toString();
  }
}
