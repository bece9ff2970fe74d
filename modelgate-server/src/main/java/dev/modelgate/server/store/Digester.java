package dev.modelgate.server.store;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hashes a spool's bytes on a thread of its own, in the order they were written, while the
 * writer fills the next buffer: sha256 costs about as much as the download itself, so doing it in
 * line would halve a first download's speed. A fixed set of buffers passes between the two
 * threads (no copy, bounded memory); the digests are read only after {@link #drain}.
 */
final class Digester implements AutoCloseable {
  @SuppressWarnings("ArrayRecordComponent") // a pooled buffer handed between threads: no copy
  private record Chunk(byte[] bytes, int length) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final BlockingQueue<byte[]> free;
  private final BlockingQueue<Chunk> full;
  private final Thread thread;
  private volatile Throwable failure;

  @SuppressWarnings("ReferenceEquality") // END is the end-of-stream marker, by identity
  Digester(MessageDigest sha256, MessageDigest gitSha1, int buffers, int size) {
    free = new ArrayBlockingQueue<>(buffers);
    full = new ArrayBlockingQueue<>(buffers + 1);
    for (int i = 0; i < buffers; i++) {
      free.add(new byte[size]);
    }
    thread = Thread.ofPlatform().daemon().name("modelgate-digest").start(() -> {
      try {
        for (Chunk c = full.take(); c != END; c = full.take()) {
          sha256.update(c.bytes(), 0, c.length());
          if (gitSha1 != null) {
            gitSha1.update(c.bytes(), 0, c.length());
          }
          free.add(c.bytes());
        }
      } catch (InterruptedException e) {
        failure = e; // closed before the end: the digests are not used
      } catch (Throwable t) {
        failure = t;
      }
    });
  }

  /** A free buffer; waits while every buffer is still being hashed. */
  byte[] take() throws IOException {
    try {
      while (true) {
        byte[] b = free.poll(100, TimeUnit.MILLISECONDS);
        if (b != null) {
          return b;
        }
        check();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing", e);
    }
  }

  /** Queues {@code bytes[0, length)} (a buffer from {@link #take}) to be hashed, then reused. */
  void put(byte[] bytes, int length) throws IOException {
    check();
    full.add(new Chunk(bytes, length)); // never full: at most every buffer is queued, plus END
  }

  /** Waits until everything queued is hashed. */
  void drain() throws IOException {
    check();
    full.add(END);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing", e);
    }
    check();
  }

  private void check() throws IOException {
    if (failure != null) {
      throw new IOException("hashing failed: " + failure, failure);
    }
    if (!thread.isAlive() && !full.isEmpty()) {
      throw new IOException("hashing stopped");
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
