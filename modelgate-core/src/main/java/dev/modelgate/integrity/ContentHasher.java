package dev.modelgate.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * SHA-256 of a byte range of a file. Large ranges are memory-mapped in windows of at most
 * {@link #MAP_WINDOW} so the page cache feeds the digest without a read() copy and without
 * heap pressure; small ones are read into a per-thread heap buffer, cheaper than a mapping.
 */
final class ContentHasher {
  /** Ranges up to this size are read, larger ones mapped. */
  static final long MAP_THRESHOLD = 4L << 20;
  /** Mapping window (well under the 2 GiB limit of a MappedByteBuffer, ≤ 1 GiB). */
  static final long MAP_WINDOW = 256L << 20;
  private static final int READ_BUFFER = 1 << 20;
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[READ_BUFFER]);

  private ContentHasher() {}

  static byte[] sha256(Path file, long start, long end) throws IOException {
    MessageDigest md = Manifest.sha256();
    try (FileChannel ch = dev.modelgate.io.RegularFile.open(file)) {
      long size = ch.size();
      if (end > size) {
        throw new IOException(file + ": shrank while hashing (size " + size + ", expected " + end + ")");
      }
      if (end - start <= MAP_THRESHOLD) {
        readInto(md, ch, start, end, file);
      } else {
        for (long pos = start; pos < end; pos += MAP_WINDOW) {
          long n = Math.min(MAP_WINDOW, end - pos);
          MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, pos, n);
          md.update(map);
        }
      }
    }
    return md.digest();
  }

  private static void readInto(MessageDigest md, FileChannel ch, long start, long end, Path file)
      throws IOException {
    byte[] buf = BUFFER.get();
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long pos = start;
    while (pos < end) {
      bb.clear();
      bb.limit((int) Math.min(buf.length, end - pos));
      int n = ch.read(bb, pos);
      if (n < 0) {
        throw new IOException(file + ": shrank while hashing");
      }
      md.update(buf, 0, n);
      pos += n;
    }
  }
}
