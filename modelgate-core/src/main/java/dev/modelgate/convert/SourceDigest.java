package dev.modelgate.convert;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The source file's sha256, recorded in the output's {@code __metadata__}. It is the one full
 * read besides the tensor copy, so it runs on its own thread while the tensors are copied (both
 * read the same pages, which the second reader finds in the page cache) and is patched into the
 * header when the copy is done.
 */
final class SourceDigest {
  /** Same length as a sha256 in hex, so the patched header keeps its size. */
  static final String PLACEHOLDER = "0".repeat(64);
  private static final long WINDOW = 256L << 20;

  private SourceDigest() {}

  static Future<String> start(Path file) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(sha256(file));
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

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    // mapped windows: the digest reads the page cache directly, no copy through the heap
    try (FileChannel ch = dev.modelgate.io.RegularFile.open(file)) {
      long size = ch.size();
      for (long pos = 0; pos < size; pos += WINDOW) {
        long n = Math.min(WINDOW, size - pos);
        md.update(ch.map(FileChannel.MapMode.READ_ONLY, pos, n));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
