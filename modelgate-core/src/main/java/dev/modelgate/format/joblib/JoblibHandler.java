package dev.modelgate.format.joblib;

import dev.modelgate.format.pickle.PickleHandler;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Spill;
import dev.modelgate.scan.FormatHandler;
import dev.modelgate.scan.ScanContext;
import dev.modelgate.scan.Sniff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * joblib dumps ({@code joblib.dump}): a pickle with numpy arrays written inline after each
 * {@code NumpyArrayWrapper} (the pickle machine steps over them as joblib does), either as is or
 * compressed whole with zlib, bz2, xz or lzma (joblib's compressor prefixes). Compressed dumps are
 * decompressed through {@link Spill} so bombs are charged to the scan budget.
 */
public final class JoblibHandler implements FormatHandler {
  private static final byte[] MARKER = "joblib.numpy_pickle".getBytes(StandardCharsets.US_ASCII);
  /** Dictionary memory a hostile xz/lzma header may demand from the decoder. */
  private static final int LZMA_MEMORY_KIB = 256 * 1024;

  enum Compression { NONE, ZLIB, BZ2, XZ, LZMA }

  @Override
  public String format() {
    return "joblib";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return kind(sniff.head()) != null;
  }

  /** How the dump is stored, or null when it is not a joblib dump. */
  static Compression kind(byte[] head) {
    if (head.length < 4) {
      return null;
    }
    int b0 = head[0] & 0xff;
    if (b0 == 0x80 && contains(head, MARKER)) {
      return Compression.NONE;
    }
    Compression c = null;
    if (b0 == 0x78 && ((b0 << 8) | (head[1] & 0xff)) % 31 == 0) {
      c = Compression.ZLIB;
    } else if (head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      c = Compression.BZ2;
    } else if (b0 == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X') {
      c = Compression.XZ;
    } else if (b0 == 0x5d && head[1] == 0 && head[2] == 0) {
      c = Compression.LZMA;
    }
    if (c == null) {
      return null;
    }
    // claim it only when it inflates to a pickle: zlib and lzma have no real magic number
    byte[] inner = new byte[4096];
    int n = 0;
    try (InputStream in = open(c, new BytesSource(head, "sniff"))) {
      int k;
      while (n < inner.length && (k = in.read(inner, n, inner.length - n)) > 0) {
        n += k;
      }
    } catch (IOException | RuntimeException e) {
      // a truncated head still yields the first bytes
    }
    byte[] got = java.util.Arrays.copyOf(inner, n);
    return n >= 2 && PickleHandler.looksLikePickle(got, Long.MAX_VALUE) ? c : null;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    Compression c = kind(src.head(64 * 1024));
    if (c == null || c == Compression.NONE) {
      PickleScanner.analyse(ctx, src, 0, "");
      return;
    }
    String where = c.name().toLowerCase(java.util.Locale.ROOT);
    ByteSource plain;
    try (InputStream in = open(c, src)) {
      plain = Spill.drain(in, src.size(), src.name() + "!/" + where, ctx.budget(), where);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidInputException("joblib.compression", where + " stream is corrupt: "
          + e.getMessage(), where);
    }
    try (ByteSource p = plain) {
      PickleScanner.analyse(ctx, p, 0, where);
    }
  }

  private static InputStream open(Compression c, ByteSource src) throws IOException {
    InputStream raw = new SourceInput(src, 0);
    return switch (c) {
      case ZLIB -> new InflaterInputStream(raw);
      case BZ2 -> new BZip2CompressorInputStream(raw);
      case XZ -> new XZInputStream(raw, LZMA_MEMORY_KIB);
      case LZMA -> new LZMAInputStream(raw, LZMA_MEMORY_KIB);
      case NONE -> raw;
    };
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
