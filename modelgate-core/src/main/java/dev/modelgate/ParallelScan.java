package dev.modelgate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs the files of a scan ahead of its caller on a few worker threads, each with a scanner of
 * its own (a {@link Scanner} is not thread-safe), while the caller walks the plan in order and
 * takes each file's {@link Outcome} as it comes to it. So results keep the serial order, the
 * listener hears every call on the caller's thread in the same order, and the code that judges
 * a file is the same. How many run at once is bounded by {@link ScanOptions#parallelism}: every
 * file keeps its full memory budget.
 */
final class ParallelScan implements AutoCloseable {
  private final ExecutorService pool;
  private final List<Unit> units;
  private final List<Future<Outcome>> pending;
  private int next;

  private ParallelScan(ExecutorService pool, List<Unit> units, List<Future<Outcome>> pending) {
    this.pool = pool;
    this.units = units;
    this.pending = pending;
  }

  /** Starts the units on workers; null when they are better scanned one after another. */
  static @Nullable ParallelScan start(Scanner owner, List<Unit> units, int total) {
    int n = owner.options().parallelism(total);
    if (n <= 1) {
      return null;
    }
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "modelgate-scan-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(owner));
    List<Future<Outcome>> pending = new ArrayList<>(units.size());
    for (Unit u : units) {
      pending.add(pool.submit(() -> workers.get().run(u)));
    }
    return new ParallelScan(pool, units, pending);
  }

  /** The outcome of the next unit in plan order, which must be {@code u}. */
  Outcome take(Unit u) throws IOException {
    if (next >= units.size() || !units.get(next).key().equals(u.key())) {
      throw new IllegalStateException("parallel scan taken out of order at " + u.key());
    }
    Future<Outcome> f = pending.get(next++);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while scanning " + u.key(), e);
    } catch (ExecutionException e) {
      // runUnit turns I/O errors into outcomes: what is left is a bug or an Error, as it would
      // have been on the caller's thread
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause == null ? e : cause);
    }
  }

  /** Stops the workers; files not yet taken are abandoned (the scan failed). */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** One worker thread's scanner, whose listener keeps parser failures for the caller. */
  private static final class Worker {
    private final List<Outcome.ParserFailure> seen = new ArrayList<>();
    private final Scanner scanner;

    Worker(Scanner owner) {
      ScanListener keep = new ScanListener() {
        @Override
        public void parserFailure(String path, Throwable t) {
          seen.add(new Outcome.ParserFailure(path, t));
        }
      };
      scanner = owner.worker(owner.options().withListener(keep));
    }

    Outcome run(Unit u) {
      seen.clear();
      return scanner.runUnit(u).withParserFailures(seen);
    }
  }
}
