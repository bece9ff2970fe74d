package dev.modelgate.format.archive;

import dev.modelgate.spi.Sniff;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.jspecify.annotations.Nullable;

/** The single-stream compressors modelgate unwraps, recognised by their magic numbers. */
enum Compression {
  GZIP("gzip", ".gz"),
  BZIP2("bzip2", ".bz2"),
  XZ("xz", ".xz"),
  LZMA("lzma", ".lzma"),
  ZSTD("zstd", ".zst");

  /**
   * Memory an xz/lzma decoder may allocate for its dictionary; the file declares the dictionary
   * size, so without this a few header bytes could demand gigabytes. 128 MiB covers xz -9e.
   */
  static final int MEMORY_LIMIT_KB = 128 * 1024;

  final String format;
  final String extension;

  Compression(String format, String extension) {
    this.format = format;
    this.extension = extension;
  }

  static @Nullable Compression detect(Sniff s) {
    byte[] h = s.head();
    if (h.length >= 3 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b && h[2] == 8) {
      return GZIP;
    }
    if (h.length >= 10 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9'
        && ((h[4] == 0x31 && h[5] == 0x41 && h[6] == 0x59 && h[7] == 0x26 && h[8] == 0x53
        && h[9] == 0x59) || ((h[4] & 0xff) == 0x17 && h[5] == 0x72 && h[6] == 0x45))) {
      return BZIP2;
    }
    if (s.startsWith(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
      return XZ;
    }
    if (s.startsWith(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd})) {
      return ZSTD;
    }
    return lzmaAlone(h) ? LZMA : null;
  }

  /**
   * The .lzma ("LZMA alone") header has no magic: a properties byte (lc/lp/pb, 0x5D by default),
   * a 32-bit dictionary size and a 64-bit size (-1 when unknown). Accept only the shapes the lzma
   * tools write, so random bytes are not taken for lzma.
   */
  private static boolean lzmaAlone(byte[] h) {
    if (h.length < 14 || (h[0] & 0xff) >= 9 * 5 * 5) {
      return false;
    }
    int props = h[0] & 0xff;
    if (props != 0x5d && props != 0x5e && props != 0x6c) {
      return false;
    }
    long dict = (h[1] & 0xffL) | (h[2] & 0xffL) << 8 | (h[3] & 0xffL) << 16 | (h[4] & 0xffL) << 24;
    boolean pow2 = Long.bitCount(dict) == 1 || (Long.bitCount(dict) == 2
        && Long.bitCount(dict & (dict >> 1)) == 1); // 2^n or 2^n + 2^(n-1)
    if (!pow2 || dict < 4096) {
      return false;
    }
    boolean unknown = true;
    for (int i = 5; i < 13; i++) {
      unknown &= h[i] == (byte) 0xff;
    }
    return unknown || (h[12] == 0 && h[11] == 0); // declared size under 2^48
  }

  InputStream open(InputStream in) throws IOException {
    return switch (this) {
      case GZIP -> GzipCompressorInputStream.builder().setInputStream(in)
          .setDecompressConcatenated(true).get();
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> XZCompressorInputStream.builder().setInputStream(in)
          .setDecompressConcatenated(true).setMemoryLimitKiB(MEMORY_LIMIT_KB).get();
      case LZMA -> LZMACompressorInputStream.builder().setInputStream(in)
          .setMemoryLimitKiB(MEMORY_LIMIT_KB).get();
      case ZSTD -> new ZstdInputStream(in);
    };
  }
}
