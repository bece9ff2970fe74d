package dev.modelgate.format.joblib;

import dev.modelgate.format.pickle.PickleHandler;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.io.Bytes;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Spill;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * joblib dumps ({@code joblib.dump}): a pickle with numpy arrays written inline after each
 * {@code NumpyArrayWrapper} (the pickle machine steps over them as joblib does), either as is or
 * compressed whole with zlib (joblib's default {@code compress=}), decompressed through
 * {@link Spill} so bombs are charged to the scan budget. Dumps compressed with gzip, bz2, xz or
 * lzma are unwrapped by the archive package's compressed-stream handler, which then hands the
 * inner dump back to the scanner, where this handler claims it.
 */
public final class JoblibHandler implements FormatHandler {
  private static final byte[] MARKER = "joblib.numpy_pickle".getBytes(StandardCharsets.US_ASCII);

  enum Compression { NONE, ZLIB, ZFILE }

  /**
   * joblib before 0.10 wrote "z-files": {@code ZF}, the pickle's length in hex padded to 19
   * characters (sometimes one more space), then zlib data; joblib.load still reads them.
   */
  private static final int ZFILE_HEADER = 2 + 19;

  @Override
  public String format() {
    return "joblib";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return kind(sniff.head()) != null;
  }

  /** How the dump is stored, or null when it is not a joblib dump. */
  static @Nullable Compression kind(byte[] head) {
    if (head.length < 4) {
      return null;
    }
    int b0 = head[0] & 0xff;
    if (b0 == 0x80 && Bytes.contains(head, MARKER)) {
      return Compression.NONE;
    }
    Compression c;
    if (b0 == 'Z' && head[1] == 'F' && head.length > ZFILE_HEADER + 2) {
      c = Compression.ZFILE;
    } else if (b0 == 0x78 && ((b0 << 8) | (head[1] & 0xff)) % 31 == 0) {
      c = Compression.ZLIB;
    } else {
      return null;
    }
    // claim it only when it inflates to a pickle: a zlib header is two bytes of weak magic
    byte[] inner = new byte[4096];
    int n = 0;
    try (InputStream in = open(c, new BytesSource(head, "sniff"))) {
      int k;
      // small reads: a corrupt block later on must not hide the output before it
      while (n < inner.length && (k = in.read(inner, n, Math.min(64, inner.length - n))) > 0) {
        n += k;
      }
    } catch (IOException e) {
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
    return switch (c) {
      case NONE -> new SourceInput(src, 0);
      case ZLIB -> new InflaterInputStream(new SourceInput(src, 0));
      case ZFILE -> new InflaterInputStream(new SourceInput(src, zfileData(src)));
    };
  }

  /** Where a z-file's zlib data starts: after the header and the optional extra space. */
  private static long zfileData(ByteSource src) throws IOException {
    if (src.size() <= ZFILE_HEADER) {
      return ZFILE_HEADER;
    }
    byte[] next = src.bytes(ZFILE_HEADER, 1);
    return next[0] == ' ' ? ZFILE_HEADER + 1 : ZFILE_HEADER;
  }
}
