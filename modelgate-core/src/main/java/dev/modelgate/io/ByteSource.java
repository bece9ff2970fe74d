package dev.modelgate.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Random-access, read-only bytes: a file on disk, a window of one (a stored zip member), or a
 * decompressed member held in memory or a temporary file. Every read names its position, so a
 * reader never trusts a length it has not checked against {@link #size()}.
 */
public interface ByteSource extends Closeable {

  /** Total number of bytes. */
  long size();

  /** Reads up to {@code dst.remaining()} bytes at {@code pos}; returns the count, or -1 at the end. */
  int read(long pos, ByteBuffer dst) throws IOException;

  /** Name used in messages: the file path or {@code outer!/member}. */
  String name();

  /** Fills {@code dst} from {@code pos}, or throws {@link EOFException} naming the source and offset. */
  default void readFully(long pos, ByteBuffer dst) throws IOException {
    long p = pos;
    while (dst.hasRemaining()) {
      int n = read(p, dst);
      if (n < 0) {
        throw new EOFException(name() + ": unexpected end of data at offset " + p);
      }
      p += n;
    }
  }

  /**
   * Reads exactly {@code len} bytes at {@code pos}. The range is checked against the size first,
   * so a hostile length cannot make this allocate more than the source holds.
   */
  default byte[] bytes(long pos, int len) throws IOException {
    if (pos < 0 || len < 0 || pos > size() || len > size() - pos) {
      throw new EOFException(name() + ": range " + pos + "+" + len + " is outside " + size() + " bytes");
    }
    byte[] b = new byte[len];
    readFully(pos, ByteBuffer.wrap(b));
    return b;
  }

  /** The first {@code max} bytes (fewer if the source is shorter). */
  default byte[] head(int max) throws IOException {
    return bytes(0, (int) Math.min(max, size()));
  }

  /** A window of this source; the window is checked against this source's size. */
  default ByteSource slice(long pos, long len) {
    return new SliceSource(this, pos, len);
  }

  /**
   * Where these bytes lie in a file on disk, when they do, so converters can copy them with
   * {@code FileChannel.transferTo} instead of through the heap.
   */
  default Optional<FileRegion> fileRegion() {
    return Optional.empty();
  }

  @Override
  default void close() throws IOException {}
}
