package dev.modelgate.format.rdata;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The start of an R serialization stream: an optional {@code save()} magic line
 * ({@code RDX2}/{@code RDX3} XDR, {@code RDA2}/{@code RDA3} ASCII, {@code RDB2}/{@code RDB3}
 * native), the format line ({@code X\n}, {@code A\n}, {@code B\n}), then the serialization
 * version (2 or 3), the writer's and the minimum reader's R versions, and for version 3 the
 * native encoding.
 *
 * @param workspace true for {@code save()}/{@code .RData} files, whose top object is a pairlist
 *     of bindings
 * @param format 'X', 'A' or 'B'
 * @param bodyStart offset of the first item after the header
 */
record RHeader(boolean workspace, char format, int version, String encoding, long bodyStart) {
  static final int MAX_ENCODING = 256;

  /** Whether {@code head} starts like an R serialization stream or a {@code save()} file. */
  static boolean looksLike(byte[] h) {
    int p = 0;
    if (h.length >= 5 && h[0] == 'R' && h[1] == 'D' && (h[2] == 'X' || h[2] == 'A'
        || h[2] == 'B') && (h[3] == '2' || h[3] == '3') && h[4] == '\n') {
      p = 5;
    }
    if (h.length < p + 6 || h[p + 1] != '\n') {
      return false;
    }
    return switch (h[p]) {
      case 'X' -> h[p + 2] == 0 && h[p + 3] == 0 && h[p + 4] == 0
          && (h[p + 5] == 2 || h[p + 5] == 3);
      case 'B' -> (h[p + 2] == 2 || h[p + 2] == 3) && h[p + 3] == 0 && h[p + 4] == 0
          && h[p + 5] == 0;
      case 'A' -> (h[p + 2] == '2' || h[p + 2] == '3') && h[p + 3] == '\n'
          && h[p + 4] >= '0' && h[p + 4] <= '9';
      default -> false;
    };
  }

  static RHeader read(ByteSource src, String file) throws IOException {
    byte[] h = src.head(16);
    if (!looksLike(h)) {
      throw new InvalidInputException("r.header", "not an R serialization stream", file + "@0");
    }
    boolean workspace = h[0] == 'R';
    int p = workspace ? 5 : 0;
    char format = (char) h[p];
    RInput in = input(src, p + 2, file, format);
    int version = in.integer();
    in.integer(); // the writer's R version
    in.integer(); // the oldest R version that can read the stream
    String encoding = "";
    if (version == 3) {
      long at = in.position();
      int n = in.integer();
      if (n < 0 || n > MAX_ENCODING) {
        throw in.bad("r.header", "native encoding name of " + n + " bytes", at);
      }
      encoding = new String(in.string(n, MAX_ENCODING), StandardCharsets.ISO_8859_1);
    } else if (version != 2) {
      throw in.bad("r.header", "serialization version " + version + " is not 2 or 3", p + 2);
    }
    return new RHeader(workspace, format, version, encoding, in.position());
  }

  static RInput input(ByteSource src, long start, String file, char format) {
    return format == 'A' ? RInput.ascii(src, start, file)
        : RInput.binary(src, start, file, format == 'X');
  }
}
