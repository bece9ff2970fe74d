package dev.modelgate.server.web;

import dev.modelgate.server.store.Counters;
import java.util.List;
import java.util.Locale;

/**
 * The overview's chart: requests, files judged and files blocked per hour, drawn as inline SVG
 * on the server (no script, nothing for the Content-Security-Policy to allow). Only numbers
 * computed here enter the markup.
 */
final class Chart {
  static final String[] SERIES = {"requests", "verdicts", "blocked"};
  private static final String[] COLOURS = {"#3465a4", "#4e9a06", "#cc0000"};
  private static final int W = 720;
  private static final int H = 200;
  private static final int PAD = 30;

  private Chart() {}

  /** Hourly values per series over {@code hours} buckets ending with the one holding {@code now}. */
  static long[][] buckets(List<Counters.Point> points, long now, int hours) {
    long hour = 3_600_000;
    long first = (now / hour - hours + 1) * hour;
    long[][] v = new long[SERIES.length][hours];
    for (Counters.Point p : points) {
      int i = (int) ((p.bucket() - first) / hour);
      if (i < 0 || i >= hours) {
        continue;
      }
      String n = p.name();
      for (int s = 0; s < SERIES.length; s++) {
        // verdicts are counted per label ("verdicts{verdict=\"clean\"}"): the chart sums them
        if (n.equals(SERIES[s]) || n.startsWith(SERIES[s] + "{")) {
          v[s][i] += p.value();
        }
      }
    }
    return v;
  }

  static String svg(long[][] v) {
    int n = v[0].length;
    long max = 1;
    for (long[] s : v) {
      for (long x : s) {
        max = Math.max(max, x);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("<svg id=\"chart\" class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" role=\"img\" aria-label=\"requests, files judged and blocked per hour\">");
    b.append("<line class=\"axis\" x1=\"").append(PAD).append("\" y1=\"").append(H - PAD)
        .append("\" x2=\"").append(W - 5).append("\" y2=\"").append(H - PAD).append("\"/>");
    b.append("<text class=\"label\" x=\"2\" y=\"14\">").append(max).append("</text>");
    b.append("<text class=\"label\" x=\"2\" y=\"").append(H - PAD).append("\">0</text>");
    b.append("<text class=\"label\" x=\"").append(PAD).append("\" y=\"").append(H - 8)
        .append("\">").append(n).append(" h ago</text>");
    b.append("<text class=\"label\" x=\"").append(W - 40).append("\" y=\"").append(H - 8)
        .append("\">now</text>");
    for (int s = 0; s < v.length; s++) {
      b.append("<polyline class=\"series series-").append(SERIES[s]).append("\" fill=\"none\" "
          + "stroke=\"").append(COLOURS[s]).append("\" stroke-width=\"2\" points=\"");
      for (int i = 0; i < n; i++) {
        double x = PAD + (W - PAD - 5) * (n == 1 ? 0 : (double) i / (n - 1));
        double y = H - PAD - (H - PAD - 10) * ((double) v[s][i] / max);
        b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      b.append("\"/>");
      b.append("<text class=\"legend\" fill=\"").append(COLOURS[s]).append("\" x=\"")
          .append(PAD + 10 + s * 110).append("\" y=\"14\">").append(SERIES[s]).append("</text>");
    }
    return b.append("</svg>").toString();
  }
}
