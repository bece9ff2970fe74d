package dev.modelgate.server.scan;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.Scanner;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs the core scanner with bounded concurrency: at most {@code permits} scans (and
 * conversions, which scan) at once; a caller that waits longer than {@code queueWait} for a slot
 * gets {@link Busy}. Scanning is CPU and memory bound, so this bound is what keeps a burst of
 * uploads from starving downloads of cached files.
 */
public final class ScanService {
  /** No scan slot became free in time. */
  public static final class Busy extends Exception {
    public Busy() {
      super("all scan slots are busy");
    }
  }

  /** Work done while holding a scan slot. */
  @FunctionalInterface
  public interface Slot<T> {
    T run() throws IOException;
  }

  private final Semaphore slots;
  private final int permits;
  private final Duration queueWait;

  public ScanService(int permits, Duration queueWait) {
    this.permits = permits;
    this.slots = new Semaphore(permits, true);
    this.queueWait = queueWait;
  }

  /**
   * Scans {@code file} under the name {@code name} (its repository path or upload name: the
   * name's extension and file name matter to detection, the folder on disk must not). Sizes are
   * never trusted from names; no sibling files are consulted.
   */
  public Scanned scan(Path file, String name, Policy policy) throws IOException, Busy {
    return withSlot(() -> {
      ScanOptions opts = new ScanOptions(policy, Limits.DEFAULT, 0, false, null);
      try (FileSource src = FileSource.open(file, name)) {
        return Scanned.of(new ScanReport(new Scanner(opts).scan(src)));
      }
    });
  }

  /** Scans a source that is not a plain file (a spool that is still growing). */
  public Scanned scan(dev.modelgate.io.ByteSource src, Policy policy) throws IOException, Busy {
    return withSlot(() -> {
      ScanOptions opts = new ScanOptions(policy, Limits.DEFAULT, 0, false, null);
      return Scanned.of(new ScanReport(new Scanner(opts).scan(src)));
    });
  }

  /** Runs {@code work} in a scan slot (conversions use this too). */
  public <T> T withSlot(Slot<T> work) throws IOException, Busy {
    try {
      if (!slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a scan slot", e);
    }
    try {
      return work.run();
    } finally {
      slots.release();
    }
  }

  /** Scans in progress right now (for metrics). */
  public int running() {
    return permits - slots.availablePermits();
  }
}
