package dev.modelgate.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide count of bytes read from disk by {@link FileSource}, so the benchmark can show that
 * a scan reads headers and pickles, not tensor data.
 */
public final class IoStats {
  private static final AtomicLong READ = new AtomicLong();

  private IoStats() {}

  static void addRead(long n) {
    READ.addAndGet(n);
  }

  public static long bytesRead() {
    return READ.get();
  }
}
