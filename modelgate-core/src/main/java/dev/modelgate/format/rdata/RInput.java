package dev.modelgate.format.rdata;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * The primitive reads of R's serialization formats ({@code serialize.c}): XDR ({@code X},
 * big-endian binary), native binary ({@code B}, little-endian here) and ASCII ({@code A}, one
 * number per whitespace-separated word, strings with C escapes). Counts are checked against the
 * bytes left before anything is skipped or kept.
 */
abstract class RInput {
  static final int NA_INTEGER = Integer.MIN_VALUE;

  final SourceReader in;

  RInput(SourceReader in) {
    this.in = in;
  }

  static RInput binary(ByteSource src, long start, String file, boolean xdr) {
    return new Binary(new SourceReader(src, start, "r", file,
        xdr ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN));
  }

  static RInput ascii(ByteSource src, long start, String file) {
    return new Ascii(new SourceReader(src, start, "r", file));
  }

  abstract int integer() throws IOException;

  /** Skips {@code n} integers, doubles (8 bytes in binary) or raw bytes. */
  abstract void skip(long n, int width, String what) throws IOException;

  /** A string of {@code length} bytes; at most {@code keep} of them are returned. */
  abstract byte[] string(int length, int keep) throws IOException;

  /** Skips what may follow the last item: the ASCII form ends with a newline. */
  void trailingSpace() throws IOException {}

  long position() {
    return in.position();
  }

  String at(long offset) {
    return in.at(offset);
  }

  InvalidInputException bad(String rule, String message, long offset) {
    return new InvalidInputException(rule, message, in.at(offset));
  }

  private static final class Binary extends RInput {
    Binary(SourceReader in) {
      super(in);
    }

    @Override
    int integer() throws IOException {
      return in.i32();
    }

    @Override
    void skip(long n, int width, String what) throws IOException {
      long at = in.position();
      if (n < 0 || n > in.remaining() / width) {
        throw bad("r.length", what + " of " + n + " elements cannot fit in the "
            + in.remaining() + " bytes that remain", at);
      }
      in.skip(n * width);
    }

    @Override
    byte[] string(int length, int keep) throws IOException {
      long at = in.position();
      if (length > in.remaining()) {
        throw bad("r.length", "string of " + length + " bytes exceeds the " + in.remaining()
            + " bytes that remain", at);
      }
      byte[] b = in.bytes(Math.min(length, keep));
      in.skip(length - b.length);
      return b;
    }
  }

  private static final class Ascii extends RInput {
    /** R's InWord buffer; longer words are an error there too. */
    private static final int MAX_WORD = 1000;

    Ascii(SourceReader in) {
      super(in);
    }

    private String word() throws IOException {
      skipSpace();
      long at = in.position();
      StringBuilder w = new StringBuilder();
      while (!in.atEnd() && !space(in.peek())) {
        if (w.length() >= MAX_WORD) {
          throw bad("r.ascii", "word longer than " + MAX_WORD + " characters", at);
        }
        w.append((char) in.u8());
      }
      if (w.length() == 0) {
        throw in.truncated("expected a number");
      }
      return w.toString();
    }

    @Override
    void trailingSpace() throws IOException {
      skipSpace();
    }

    private void skipSpace() throws IOException {
      while (!in.atEnd() && space(in.peek())) {
        in.u8();
      }
    }

    private static boolean space(int c) {
      return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 11;
    }

    @Override
    int integer() throws IOException {
      long at = in.position();
      String w = word();
      if (w.equals("NA")) {
        return NA_INTEGER;
      }
      try {
        return Integer.parseInt(w);
      } catch (NumberFormatException e) {
        throw bad("r.ascii", "'" + w.substring(0, Math.min(w.length(), 40))
            + "' is not an integer", at);
      }
    }

    @Override
    void skip(long n, int width, String what) throws IOException {
      long at = in.position();
      // every value is a word and a separator; complex numbers are two reals
      long words = width == 16 ? 2 * n : n;
      if (n < 0 || words < 0 || words > in.remaining() / 2) {
        throw bad("r.length", what + " of " + n + " elements cannot fit in the "
            + in.remaining() + " bytes that remain", at);
      }
      for (long k = 0; k < words; k++) {
        word();
      }
    }

    @Override
    byte[] string(int length, int keep) throws IOException {
      long at = in.position();
      if (length > in.remaining()) {
        throw bad("r.length", "string of " + length + " characters exceeds the "
            + in.remaining() + " bytes that remain", at);
      }
      skipSpace();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int k = 0; k < length; k++) {
        int c = in.u8();
        if (c == '\\') {
          c = in.u8();
          c = switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'v' -> 11;
            case 'b' -> '\b';
            case 'r' -> '\r';
            case 'f' -> '\f';
            case 'a' -> 7;
            case '0', '1', '2', '3', '4', '5', '6', '7' -> octal(c);
            default -> c;
          };
        }
        if (out.size() < keep) {
          out.write(c);
        }
      }
      return out.toByteArray();
    }

    private int octal(int first) throws IOException {
      int d = first - '0';
      for (int j = 1; j < 3 && !in.atEnd() && in.peek() >= '0' && in.peek() < '8'; j++) {
        d = d * 8 + (in.u8() - '0');
      }
      return d & 0xff;
    }
  }
}
