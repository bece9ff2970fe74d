package dev.modelgate.spark;

import dev.modelgate.io.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * sha256 of files, for deduplication: only files that share their size with another can share
 * their bytes, so only those are hashed before their scan, to scan each content once.
 */
final class Hashing {
  private Hashing() {}

  /**
   * The sha256 of a file unit, on the driver's behalf (files that may repeat a previous run's
   * bytes), or null when it cannot be read in time: it is scanned then, which reports why.
   */
  static String sha256(Unit u, Configuration conf, Duration limit, Counters counters) {
    Path p = new Path(u.path());
    try (Deadline d = Deadline.start(limit);
        HadoopSource src = HadoopSource.open(UnitScan.Fs.of(p, conf), p, u.size(), u.path(), d,
            counters)) {
      String sha = sha256(src);
      counters.hashed();
      return sha;
    } catch (IOException e) {
      return null;
    }
  }

  /** The sha256 of a whole source, or null when it ends early (it changed since it was listed). */
  static String sha256(ByteSource src) throws IOException {
    MessageDigest md = digest();
    ByteBuffer buf = ByteBuffer.allocate(Math.clamp(src.size(), 1, 1 << 20));
    long pos = 0;
    int n;
    while ((n = src.read(pos, buf.clear())) > 0) {
      md.update(buf.flip());
      pos += n;
    }
    return pos == src.size() ? HexFormat.of().formatHex(md.digest()) : null;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
