package dev.modelgate.server.http;

import dev.modelgate.server.store.Spool;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Streams a request body into a spool file, never holding it in memory: refused with 413 when
 * the declared length is over the limit (before a byte is read, so a client that sent
 * {@code Expect: 100-continue} never sends it) or as soon as a chunked body passes it, and with 408
 * when the body takes longer than the request timeout to arrive (a slow drip that the idle timeout
 * alone would let through).
 */
public final class Uploads {
  private Uploads() {}

  /** Fails with 413 when the declared length is over {@code max}. */
  public static void checkLength(Exchange x, long max) throws HttpError {
    long declared = x.contentLength();
    if (declared > max) {
      throw new HttpError(413, "the body of " + declared + " bytes is larger than the "
          + max + "-byte limit").header("Connection", "close");
    }
  }

  /** Copies the body into {@code spool}; returns its length. */
  public static long receive(Exchange x, Spool spool, long max, Duration timeout)
      throws IOException, HttpError {
    checkLength(x, max);
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buf = new byte[256 << 10];
    long total = 0;
    try (InputStream in = x.body()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > max) {
          throw new HttpError(413, "the body is larger than the " + max + "-byte limit")
              .header("Connection", "close");
        }
        spool.write(buf, 0, n);
        if (System.nanoTime() > deadline) {
          throw new HttpError(408, "the body did not arrive within " + timeout.toSeconds()
              + " s").header("Connection", "close");
        }
      }
    }
    long declared = x.contentLength();
    if (declared >= 0 && declared != total) {
      throw HttpError.badRequest("the body ended after " + total + " of " + declared + " bytes");
    }
    return total;
  }
}
