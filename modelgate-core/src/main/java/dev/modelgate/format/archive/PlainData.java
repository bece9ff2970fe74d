package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Whether a member that claims encryption is in fact stored in plain: its data, read as stored
 * or inflated as deflate (as a reader that ignores the flag reads it), has the declared size and
 * CRC-32. Real ZipCrypto or AES data does not (a 12-byte header precedes the ciphertext), so this
 * tells a lying flag from encryption without any password. Reading stops at the declared size
 * and at {@code maxBytes}.
 */
final class PlainData {
  private PlainData() {}

  static boolean matches(ByteSource src, int method, long offset, long csize, long usize,
      long crc, long maxBytes) throws IOException {
    if (usize > maxBytes || csize > src.size() - offset || offset < 0) {
      return false;
    }
    CRC32 sum = new CRC32();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(1, csize)));
    if (method == ZipEntry.STORED) {
      if (csize != usize) {
        return false;
      }
      for (long pos = 0; pos < csize; ) {
        buf.clear().limit((int) Math.min(buf.capacity(), csize - pos));
        int n = src.read(offset + pos, buf);
        if (n <= 0) {
          return false;
        }
        sum.update(buf.flip());
        pos += n;
      }
      return sum.getValue() == crc;
    }
    if (method != ZipEntry.DEFLATED) {
      return false;
    }
    Inflater inf = new Inflater(true);
    try {
      byte[] out = new byte[1 << 16];
      long produced = 0;
      long pos = 0;
      while (!inf.finished()) {
        if (inf.needsInput()) {
          if (pos >= csize) {
            return false;
          }
          buf.clear().limit((int) Math.min(buf.capacity(), csize - pos));
          int n = src.read(offset + pos, buf);
          if (n <= 0) {
            return false;
          }
          pos += n;
          inf.setInput(buf.flip());
        }
        int n = inf.inflate(out);
        produced += n;
        if (produced > usize) {
          return false;
        }
        sum.update(out, 0, n);
        if (n == 0 && inf.needsDictionary()) {
          return false;
        }
      }
      return produced == usize && sum.getValue() == crc;
    } catch (DataFormatException e) {
      return false;
    } finally {
      inf.end();
    }
  }
}
