package dev.modelgate.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The one SHA-256 loop of the scan, hash and convert paths. Bytes reach the digest as heap
 * arrays: the JDK's SHA-256 intrinsic (SHA-NI) works on {@code byte[]}, and a direct or mapped
 * buffer would be copied through a 4 KiB temporary array per call. A file is read by positional
 * reads into a reusable per-thread array of {@link #CHUNK} bytes (the kernel's copy into a
 * small, cache-resident buffer costs less than faulting in a memory mapping, and a file that
 * shrinks gives an exception, not a SIGBUS); bytes already in memory are digested in place.
 */
public final class Sha256 {
  /**
   * Read size. Measured on this project's machine (bench/hash.sh, docs/performance.md): 64 KiB
   * reads feed the digest as fast as 1 MiB ones, and both buffers of a read (the JDK's temporary
   * direct buffer and this array) stay in the core's L2 cache.
   */
  static final int CHUNK = 64 << 10;
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[CHUNK]);
  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** A new SHA-256 digest (every JDK has one). */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Lower-case hex. */
  public static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }

  /**
   * Feeds bytes {@code [start, end)} of an open file to {@code md}.
   *
   * @throws EOFException naming {@code name} and the offset when the file ends early
   */
  public static void update(MessageDigest md, FileChannel ch, long start, long end, String name)
      throws IOException {
    byte[] buf = BUFFER.get();
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long pos = start;
    while (pos < end) {
      bb.clear().limit((int) Math.min(buf.length, end - pos));
      int n = ch.read(bb, pos);
      if (n < 0) {
        throw new EOFException(name + ": ended at offset " + pos + " while hashing (expected "
            + end + " bytes)");
      }
      IoStats.addRead(n);
      md.update(buf, 0, n);
      pos += n;
    }
  }

  /**
   * The SHA-256 of all of {@code src}: in place for bytes in memory, by positional reads of the
   * open file for a file region, else through {@link ByteSource#read}.
   */
  public static byte[] of(ByteSource src) throws IOException {
    MessageDigest md = digest();
    long size = src.size();
    Optional<FileRegion> region = src.fileRegion();
    BytesSource.View heap = BytesSource.view(src);
    if (heap != null) {
      md.update(heap.array(), heap.offset(), heap.length());
    } else if (region.isPresent()) {
      FileRegion r = region.get();
      update(md, r.channel(), r.offset(), r.offset() + r.length(), src.name());
      if (r.length() != size) {
        throw new IOException(src.name() + ": file region of " + r.length() + " bytes for a"
            + " source of " + size);
      }
    } else {
      byte[] buf = BUFFER.get();
      ByteBuffer bb = ByteBuffer.wrap(buf);
      long pos = 0;
      int n;
      while ((n = src.read(pos, bb.clear())) > 0) {
        md.update(buf, 0, n);
        pos += n;
      }
    }
    return md.digest();
  }

  /** {@link #of(ByteSource)} in lower-case hex. */
  public static String hexOf(ByteSource src) throws IOException {
    return hex(of(src));
  }
}
