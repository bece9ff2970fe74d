package dev.modelgate.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Hashes files before the scan where that can save one: only files that share their size with
 * another can share their bytes, so only those are hashed here, to scan each content once.
 */
final class Hashing {
  private Hashing() {}

  /** The sha256 of a file unit, or null when it cannot be read in time (it is scanned then). */
  static String sha256(Unit u, Configuration conf, Duration limit, Counters counters) {
    Path p = new Path(u.path());
    try (Deadline d = Deadline.start(limit);
        HadoopSource src = HadoopSource.open(UnitScan.Fs.of(p, conf), p, u.size(), u.path(), d,
            counters)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(Math.clamp(u.size(), 1, 1 << 20));
      long pos = 0;
      int n;
      while ((n = src.read(pos, buf.clear())) > 0) {
        md.update(buf.flip());
        pos += n;
      }
      counters.hashed();
      return pos == u.size() ? HexFormat.of().formatHex(md.digest()) : null;
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
