package dev.modelgate.server.hub;

import dev.modelgate.io.ByteSource;
import dev.modelgate.server.scan.Scanned;
import dev.modelgate.server.http.Exchange;
import dev.modelgate.server.http.FileSender;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A large file on its way from the upstream into the store, which clients may already receive.
 * The scanner reads the spool as it grows (a safetensors header is judged as soon as it has
 * arrived); once the verdict allows it, clients are sent the bytes that have arrived, from that
 * same spool file, except the last {@link #HOLD} bytes, which wait until the whole file matched
 * its sha256. A mismatch fails the transfer and cuts every such client off before the end: no
 * client ever holds a complete file that was not verified and judged.
 */
final class Transfer {
  /** Bytes held back until the file is verified. */
  static final long HOLD = 64 << 10;

  private Path current;
  private final long size;
  private final long idleMillis;
  private long written;
  private boolean verified;
  private IOException failure;
  /** The scan of the growing spool: done once the scanner has read what it needs. */
  final CompletableFuture<Scanned> scanned = new CompletableFuture<>();

  Transfer(Path spool, long size, long idleMillis) {
    this.current = spool;
    this.size = size;
    this.idleMillis = idleMillis;
  }

  long size() {
    return size;
  }

  synchronized void advance(long total) {
    written = total;
    notifyAll();
  }

  synchronized void verified() {
    verified = true;
    notifyAll();
  }

  /** Opens the file for reading: the spool, or the blob it became (the same file). */
  synchronized FileChannel open() throws IOException {
    return FileChannel.open(current, StandardOpenOption.READ);
  }

  /** Renames the spool into the store; readers opening after this open the blob. */
  synchronized void moved(Path blob) {
    current = blob;
  }

  synchronized void fail(IOException e) {
    failure = e;
    notifyAll();
    scanned.completeExceptionally(e);
  }

  /**
   * Waits until bytes past {@code pos} may be read; returns the end (exclusive) of what may be
   * read now. {@code servable} caps that at the held-back tail until the file is verified.
   */
  private synchronized long await(long pos, boolean servable) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idleMillis);
    while (true) {
      if (failure != null) {
        throw new IOException("the transfer failed: " + failure.getMessage(), failure);
      }
      long limit = servable && !verified ? Math.min(written, size - Math.min(size, HOLD)) : written;
      if (verified) {
        limit = size;
      }
      if (limit > pos || pos >= size) {
        return limit;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException("no progress from the upstream for " + idleMillis + " ms");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** The growing spool as the scanner sees it: reads wait for the bytes they need. */
  ByteSource source(String name) throws IOException {
    FileChannel ch = open();
    return new ByteSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public int read(long pos, ByteBuffer dst) throws IOException {
        if (pos >= size) {
          return -1;
        }
        long want = Math.min(size, pos + Math.max(1, dst.remaining()));
        long end = await(pos, false);
        while (end < want && end < size) {
          end = await(end, false);
        }
        ByteBuffer view = dst.slice();
        view.limit((int) Math.min(view.limit(), end - pos));
        int n = ch.read(view, pos);
        if (n < 0) {
          throw new EOFException(name + ": the spool ended at " + pos);
        }
        dst.position(dst.position() + n);
        return n;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  /**
   * Answers a GET (200, or 206 for a range) from the spool while it grows. The file channel is
   * opened by the caller before the spool can be renamed into the store (the same file).
   */
  long send(Exchange x, FileChannel ch, String etag) throws IOException {
    FileSender.Range r = FileSender.head(x, size, etag);
    if (r == null) {
      return 0;
    }
    long end = r.end() + 1;
    if (x.head()) {
      x.write(ByteBuffer.allocate(0), true);
      return 0;
    }
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    long pos = r.start();
    while (pos < end) {
      long limit = Math.min(end, await(pos, true));
      buf.clear().limit((int) Math.min(buf.capacity(), limit - pos));
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos + buf.position());
        if (n < 0) {
          throw new EOFException("the spool ended early");
        }
      }
      pos += buf.position();
      x.write(buf.flip(), pos == end);
    }
    if (end == r.start()) {
      x.write(ByteBuffer.allocate(0), true);
    }
    return end - r.start();
  }
}
