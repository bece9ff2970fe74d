package dev.modelgate.convert;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.Sha256;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The source's sha256, recorded in the output's {@code __metadata__}. It is hashed from the
 * source that was scanned and is being copied, never from its path, so it names the bytes
 * converted. It is the one full read besides the tensor copy, so it runs on its own thread while
 * the tensors are copied (both read the same pages, which the second reader finds in the page
 * cache) and is patched into the header when the copy is done.
 */
final class SourceDigest {
  /** Same length as a sha256 in hex, so the patched header keeps its size. */
  static final String PLACEHOLDER = "0".repeat(64);

  private SourceDigest() {}

  static Future<String> start(ByteSource src) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(sha256(src));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "modelgate-sha256");
    t.setDaemon(true);
    t.start();
    return f;
  }

  static String await(Future<String> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing the source", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io
          : new IOException("cannot hash the source: " + e.getCause(), e.getCause());
    }
  }

  static String sha256(ByteSource src) throws IOException {
    return Sha256.hexOf(src);
  }
}
