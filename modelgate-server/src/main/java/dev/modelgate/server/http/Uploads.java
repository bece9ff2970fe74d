package dev.modelgate.server.http;

import dev.modelgate.server.store.Spool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Streams a request body into a spool file, never holding it in memory: refused with 413 when
 * the declared length is over the limit (before a byte is read, so a client that sent
 * {@code Expect: 100-continue} never sends it) or as soon as a chunked body passes it, and with 408
 * when the body takes longer than the request timeout to arrive (a slow drip that the idle timeout
 * alone would let through).
 *
 * <p>A body refused part-way is read on and thrown away for a bounded while before the answer
 * goes out ({@link #discardRest}): closing a connection with unread bytes in its receive buffer
 * makes the kernel send a reset, and a reset can destroy the 413 before the client has read it.
 * Web servers call this a lingering close.
 */
public final class Uploads {
  private Uploads() {}

  /** How long, and how much, a refused body is read on before the answer (see the class note). */
  static final Duration LINGER = Duration.ofSeconds(2);

  static final long LINGER_BYTES = 8L << 20;

  /**
   * Reads and drops what is left of a refused body, up to {@link #LINGER_BYTES} bytes and until
   * {@code deadlineNanos}, so that a client still sending it can read the answer; a client that
   * sends more, or longer, is cut off (and may then see only the reset).
   */
  public static void discardRest(InputStream in, long deadlineNanos) {
    byte[] buf = new byte[64 << 10];
    long dropped = 0;
    try {
      int n;
      while (dropped < LINGER_BYTES && System.nanoTime() < deadlineNanos
          && (n = in.read(buf)) > 0) {
        dropped += n;
      }
    } catch (IOException gone) {
      // the client stopped sending or went away: nothing more to wait for
    }
  }

  /** Fails with 413 when the declared length is over {@code max}. */
  public static void checkLength(Exchange x, long max) throws HttpError {
    long declared = x.contentLength();
    if (declared > max) {
      throw new HttpError(413, "the body of " + declared + " bytes is larger than the "
          + max + "-byte limit").header("Connection", "close");
    }
  }

  /**
   * Reads a small body (a form, a JSON document) into memory: 413 with {@code tooLarge} when it
   * declares or sends more than {@code max} bytes, the rest of it read on first as the class note
   * says.
   */
  public static byte[] readSmall(Exchange x, int max, String tooLarge)
      throws IOException, HttpError {
    if (x.contentLength() > max) {
      throw new HttpError(413, tooLarge);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = x.body()) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > max) {
          discardRest(in, System.nanoTime() + LINGER.toNanos());
          throw new HttpError(413, tooLarge);
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
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
          discardRest(in, Math.min(deadline, System.nanoTime() + LINGER.toNanos()));
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
