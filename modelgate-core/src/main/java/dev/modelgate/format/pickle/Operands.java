package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleValue.Bytes;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Reads opcode arguments: text lines of protocol 0, lengths checked against what remains before
 * anything is allocated, long strings kept as a prefix, bytes as windows on the input.
 */
final class Operands {
  private final ByteSource src;
  private final SourceReader in;
  private long textHeld;

  /** Whole strings are bounded one by one and in total, so a huge file cannot fill the heap. */
  private boolean keepWhole(long n) {
    if (n > PickleLimits.MAX_INLINE_STRING || textHeld + n > PickleLimits.MAX_TEXT_TOTAL) {
      return n <= PickleLimits.STRING_PREFIX;
    }
    textHeld += n;
    return true;
  }

  Operands(ByteSource src, SourceReader in) {
    this.src = src;
    this.in = in;
  }


  byte[] lineBytes() throws IOException, PickleMachine.Break {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    while (true) {
      if (in.atEnd()) {
        throw new PickleMachine.Break("pickle.truncated", "text argument without end of line");
      }
      int c = in.u8();
      if (c == '\n') {
        return b.toByteArray();
      }
      if (b.size() >= PickleLimits.MAX_LINE) {
        throw new PickleMachine.Break("pickle.limit", "text argument longer than " + PickleLimits.MAX_LINE);
      }
      b.write(c);
    }
  }

  String line() throws IOException, PickleMachine.Break {
    return Text.latin1(lineBytes());
  }

  static String quoted(String s) throws PickleMachine.Break {
    if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    throw new PickleMachine.Break("pickle.malformed", "the STRING opcode argument must be quoted");
  }

  static BigInteger integer(String s) throws PickleMachine.Break {
    String t = s.replace("_", "");
    if (t.length() > PickleLimits.MAX_LONG_BYTES * 3 || t.isEmpty()) {
      throw new PickleMachine.Break("pickle.malformed", "bad integer literal");
    }
    try {
      return new BigInteger(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      throw new PickleMachine.Break("pickle.malformed", "bad integer literal '" + Text.clip(s) + "'");
    }
  }

  static double floating(String s) throws PickleMachine.Break {
    String t = s.toLowerCase(java.util.Locale.ROOT);
    try {
      return switch (t) {
        case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
        case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
        case "nan", "+nan", "-nan" -> Double.NaN;
        default -> {
          if (t.isEmpty() || t.endsWith("d") || t.endsWith("f") || t.startsWith("0x")) {
            throw new NumberFormatException(s);
          }
          yield Double.parseDouble(t);
        }
      };
    } catch (NumberFormatException e) {
      throw new PickleMachine.Break("pickle.malformed", "bad float literal '" + Text.clip(s) + "'");
    }
  }

  BigInteger longBytes(long n) throws IOException, PickleMachine.Break {
    if (n < 0) {
      throw new PickleMachine.Break("pickle.malformed", "negative LONG length " + n);
    }
    in.require(n);
    if (n > PickleLimits.MAX_LONG_BYTES) {
      throw new PickleMachine.Break("pickle.limit", "integer of " + n + " bytes");
    }
    if (n == 0) {
      return BigInteger.ZERO;
    }
    byte[] le = in.bytes(n);
    byte[] be = new byte[le.length];
    for (int k = 0; k < le.length; k++) {
      be[k] = le[le.length - 1 - k];
    }
    return new BigInteger(be);
  }

  /** Length check against what remains comes before any allocation. */
  long length(long n, String what) throws PickleMachine.Break {
    if (n < 0 || n > in.remaining()) {
      throw new PickleMachine.Break("pickle.truncated", what + " declares " + Long.toUnsignedString(n)
          + " bytes but only " + in.remaining() + " remain");
    }
    return n;
  }

  Str utf8(long n, long at) throws IOException, PickleMachine.Break {
    length(n, "string");
    if (keepWhole(n)) {
      return new Str(Text.utf8(in.bytes(n)), true, at, n);
    }
    String head = Text.utf8(in.bytes(PickleLimits.STRING_PREFIX));
    in.skip(n - PickleLimits.STRING_PREFIX);
    return new Str(head, false, at, n);
  }

  Str latin1(long n, long at) throws IOException, PickleMachine.Break {
    length(n, "string");
    if (keepWhole(n)) {
      return new Str(Text.latin1(in.bytes(n)), true, at, n);
    }
    String head = Text.latin1(in.bytes(PickleLimits.STRING_PREFIX));
    in.skip(n - PickleLimits.STRING_PREFIX);
    return new Str(head, false, at, n);
  }

  Bytes bytes(long n, boolean bytearray, long at) throws IOException, PickleMachine.Break {
    length(n, bytearray ? "bytearray" : "bytes");
    Bytes b = new Bytes(src.slice(in.position(), n), at, bytearray);
    in.skip(n);
    return b;
  }

}
