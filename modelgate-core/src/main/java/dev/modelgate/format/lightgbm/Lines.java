package dev.modelgate.format.lightgbm;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The lines of a LightGBM model text, each bounded in length before it is held, with the byte
 * offset where it starts (tree blocks are located by byte size, so offsets matter).
 */
final class Lines {
  /** The longest line kept: a feature_names line for a million features is about 10 MB. */
  static final int MAX_LINE = 64 << 20;

  private final SourceReader in;
  private long start;

  Lines(ByteSource src, String file) {
    this.in = new SourceReader(src, 0, "lightgbm", file);
  }

  /** The next line without its line break (CR LF or LF), or null at the end. */
  @Nullable String next() throws IOException {
    if (in.atEnd()) {
      return null;
    }
    start = in.position();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (!in.atEnd()) {
      int c = in.u8();
      if (c == '\n') {
        break;
      }
      if (b.size() >= MAX_LINE) {
        throw new InvalidInputException("lightgbm.limit", "line longer than " + MAX_LINE
            + " bytes", in.at(start));
      }
      b.write(c);
    }
    String s = b.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** Offset where the last line returned by {@link #next} starts. */
  long start() {
    return start;
  }

  /** Offset after the last line returned. */
  long position() {
    return in.position();
  }

  String at(long offset) {
    return in.at(offset);
  }
}
