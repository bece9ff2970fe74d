package dev.modelgate.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * GitHub code scanning's documented upload limits ("SARIF results exceed limit", "SARIF file
 * is too large"): a run of more than 25,000 results or a file over 10 MB gzip-compressed is
 * rejected whole. Rules per run (25,000), locations per result (1,000), tags per rule (20) and
 * runs per file (20) are far above what modelgate writes. When a scan has more results, the most
 * severe are kept, in report order, and the rest are counted in a notification.
 */
final class SarifLimits {
  static final int MAX_RESULTS = 25_000;
  static final long MAX_GZIP_BYTES = 10L * 1000 * 1000;

  private SarifLimits() {}

  static String fit(List<SarifReport.Reported> all,
      Function<List<SarifReport.Reported>, String> render) {
    int cap = Math.min(all.size(), MAX_RESULTS);
    while (true) {
      String doc = render.apply(keep(all, cap));
      // UTF-8 needs at most 3 bytes per char, and gzip never grows text much: short is fine
      if (3L * doc.length() <= MAX_GZIP_BYTES || cap == 0) {
        return doc;
      }
      long size = gzipSize(doc);
      if (size <= MAX_GZIP_BYTES) {
        return doc;
      }
      cap = (int) Math.min(cap - 1, cap * (0.9 * MAX_GZIP_BYTES / size));
    }
  }

  /** The {@code cap} most severe results, in their original order. */
  static List<SarifReport.Reported> keep(List<SarifReport.Reported> all, int cap) {
    if (cap >= all.size()) {
      return all;
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < all.size(); k++) {
      order.add(k);
    }
    order.sort(Comparator.comparing(all::get, SarifReport.SEVERITY));
    List<Integer> chosen = new ArrayList<>(order.subList(0, cap));
    chosen.sort(null);
    List<SarifReport.Reported> out = new ArrayList<>(cap);
    for (int k : chosen) {
      out.add(all.get(k));
    }
    return out;
  }

  static long gzipSize(String doc) {
    long[] n = {0};
    OutputStream count = new OutputStream() {
      @Override
      public void write(int b) {
        n[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        n[0] += len;
      }
    };
    // the fastest level compresses least, so its size is an upper bound for the upload's gzip
    try (GZIPOutputStream gz = new GZIPOutputStream(count, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(doc.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the sink only counts
    }
    return n[0];
  }
}
