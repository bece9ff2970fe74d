package dev.modelgate.server.hub;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Single-flight work: callers asking for the same key while it runs share one run. Work runs on
 * its own virtual thread, detached from the request that started it, so a client that hangs up
 * does not cancel a fetch that other clients (or its own retry) wait for.
 */
final class Flights<V> implements AutoCloseable {
  private final Map<String, CompletableFuture<V>> running = new ConcurrentHashMap<>();
  private final ExecutorService exec;

  Flights(String name) {
    exec = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
  }

  @SuppressWarnings("ReferenceEquality") // f == fresh: whether our future was the one put
  CompletableFuture<V> run(String key, Callable<V> work) {
    CompletableFuture<V> fresh = new CompletableFuture<>();
    CompletableFuture<V> f = running.computeIfAbsent(key, k -> fresh);
    if (f == fresh) {
      CompletableFuture<V> mine = fresh;
      exec.execute(() -> {
        try {
          mine.complete(work.call());
        } catch (Throwable t) {
          mine.completeExceptionally(t);
        } finally {
          running.remove(key, mine);
        }
      });
    }
    return f;
  }

  int size() {
    return running.size();
  }

  @Override
  public void close() {
    exec.shutdownNow();
  }
}
