package dev.modelgate.spark;

import dev.modelgate.io.InvalidInputException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The time limit of one unit's scan, enforced on the scanning thread itself: nothing is left
 * running in the background, so an executor's memory stays bounded by its task slots.
 *
 * <p>Two mechanisms stop a scan that runs over. Every {@link HadoopSource} read checks the
 * deadline and fails with {@link #RULE}. Files opened by the core itself ({@code FileChannel}s of
 * local files and of spilled members) are interruptible channels: when the deadline passes, the
 * scanning thread is interrupted, which closes the channel, so the scan fails at its next read.
 * The interrupt is sent only while the scan is in progress and cleared when it ends, so it never
 * reaches Spark's own code. A pure computation on bytes already in memory does not read; the
 * core's own limits (pickle opcodes, nesting, decompressed sizes) bound those.
 */
final class Deadline implements AutoCloseable {
  static final String RULE = "limits.scan-time";

  private static final ScheduledThreadPoolExecutor ALARMS = alarms();

  private final long start = System.nanoTime();
  private final long limitNanos;
  private final Thread thread = Thread.currentThread();
  private final ScheduledFuture<?> alarm;
  private boolean done;

  private Deadline(Duration limit) {
    this.limitNanos = limit.toNanos();
    this.alarm = ALARMS.schedule(this::fire, limitNanos, TimeUnit.NANOSECONDS);
  }

  /** Starts the clock for a scan run by the current thread; close it on the same thread. */
  static Deadline start(Duration limit) {
    return new Deadline(limit);
  }

  boolean expired() {
    return System.nanoTime() - start > limitNanos;
  }

  long elapsedMillis() {
    return (System.nanoTime() - start) / 1_000_000;
  }

  Duration limit() {
    return Duration.ofNanos(limitNanos);
  }

  void check(String name) throws InvalidInputException {
    if (expired()) {
      throw new InvalidInputException(RULE, name + ": scan stopped, it ran over the per-file time "
          + "limit of " + limit().toMillis() + " ms", "");
    }
  }

  private void fire() {
    synchronized (this) {
      if (!done) {
        thread.interrupt();
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
    }
    alarm.cancel(false);
    Thread.interrupted(); // an alarm that fired during the scan must not outlive it
  }

  private static ScheduledThreadPoolExecutor alarms() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "modelgate-scan-deadlines");
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }
}
