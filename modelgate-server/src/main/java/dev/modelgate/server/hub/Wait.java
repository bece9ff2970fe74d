package dev.modelgate.server.hub;

import dev.modelgate.server.http.HttpError;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for single-flight work, with its failure rethrown as what it was. */
final class Wait {
  private Wait() {}

  /** The result, or null when it is not ready within {@code d}. */
  static <V> V upTo(CompletableFuture<V> f, Duration d) throws HttpError, IOException {
    try {
      return f.get(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof HttpError h) {
        throw h;
      }
      if (c instanceof dev.modelgate.server.scan.ScanService.Busy) {
        throw new HttpError(503, "all scan slots are busy; retry").header("Retry-After", "5");
      }
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(c);
    }
  }
}
