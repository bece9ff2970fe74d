package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleValue.Bytes;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * Reads opcode arguments: text lines of protocol 0, lengths checked against what remains before
 * anything is allocated, long strings kept as a prefix, bytes as windows on the input.
 */
final class Operands {
  private final ByteSource src;
  private final SourceReader in;
  private final Budget budget;
  private long textHeld;

  /**
   * Whole strings are bounded one by one, in total and by the file's memory budget, so a huge
   * file cannot fill the heap; a string that does not fit keeps only its start (its length is
   * still known), and the charge for what is kept comes from the budget.
   */
  private boolean keepWhole(long n) throws PickleMachine.Break {
    boolean whole = n <= PickleLimits.MAX_INLINE_STRING
        && textHeld + n <= PickleLimits.MAX_TEXT_TOTAL && 2 * n < budget.memoryLeft() / 2;
    long kept = whole ? n : Math.min(n, PickleLimits.STRING_PREFIX);
    charge(2 * kept + 48, "pickle strings");
    if (whole) {
      textHeld += n;
    }
    return whole || n <= PickleLimits.STRING_PREFIX;
  }

  /** Charges the budget; a used-up budget stops the machine like Python's MemoryError would. */
  void charge(long bytes, String what) throws PickleMachine.Break {
    try {
      budget.memory(bytes, what, "");
    } catch (InvalidInputException e) {
      throw new PickleMachine.Break(e.rule(), e.getMessage());
    }
  }

  Operands(ByteSource src, SourceReader in, Budget budget) {
    this.src = src;
    this.in = in;
    this.budget = budget;
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

  /** Python's int(s, 0) (PyLong_FromString base 0): prefixes 0x/0o/0b, underscores, no 010. */
  private static final java.util.regex.Pattern PY_INT = java.util.regex.Pattern.compile(
      "[+-]?(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|0(_?0)*|[1-9](_?[0-9])*)");

  /**
   * The INT operand (line without its newline) as CPython's load_int reads it: C strtol with base
   * 0 first (so {@code 010} is octal 8 and {@code 0x10} is 16), then int(s, 0); exactly two
   * characters worth 0 or 1 make a bool ({@code 01}, {@code +1}, {@code " 1"}). A decimal-only
   * reading would give array shapes, and so joblib's data lengths, other values than Python.
   */
  static PickleValue cInt(String line) throws PickleMachine.Break {
    BigInteger v = strtol(line);
    if (v == null) {
      return new PickleValue.Int(pyInt(line));
    }
    if (line.length() == 2 && v.signum() >= 0 && v.compareTo(BigInteger.ONE) <= 0) {
      return new PickleValue.Bool(v.signum() == 1);
    }
    return new PickleValue.Int(v);
  }

  /** The LONG operand: a trailing L is dropped, the rest read by int(s, 0). */
  static BigInteger cLong(String line) throws PickleMachine.Break {
    String s = line.endsWith("L") ? line.substring(0, line.length() - 1) : line;
    return pyInt(s);
  }

  /** C strtol(s, &end, 0) on a 64-bit long, or null where load_int falls back to int(s, 0). */
  private static @Nullable BigInteger strtol(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && " \t\n\r\u000b\f".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int radix = 10;
    if (i + 2 < n && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x'
        && Character.digit(s.charAt(i + 2), 16) >= 0 && s.charAt(i + 2) < 128) {
      radix = 16;
      i += 2;
    } else if (i < n && s.charAt(i) == '0') {
      radix = 8;
    }
    int digits = i;
    while (i < n && s.charAt(i) < 128 && Character.digit(s.charAt(i), radix) >= 0) {
      i++;
    }
    if (i == digits || i != n || i - digits > 64) {
      return null; // nothing read, stopped before the newline, or surely out of range
    }
    BigInteger v = new BigInteger(s.substring(digits, i), radix);
    v = negative ? v.negate() : v;
    return v.bitLength() > 63 ? null : v; // ERANGE: load_int retries with int(s, 0)
  }

  private static BigInteger pyInt(String raw) throws PickleMachine.Break {
    String s = asciiStrip(raw);
    if (s.length() > PickleLimits.MAX_LONG_BYTES * 3 || !PY_INT.matcher(s).matches()) {
      throw new PickleMachine.Break("pickle.malformed", "bad integer literal '" + Text.clip(raw)
          + "'");
    }
    String t = s.replace("_", "");
    boolean negative = t.startsWith("-");
    if (t.startsWith("+") || t.startsWith("-")) {
      t = t.substring(1);
    }
    int radix = 10;
    if (t.length() > 1 && t.charAt(0) == '0' && Character.isLetter(t.charAt(1))) {
      radix = switch (t.charAt(1) | 0x20) {
        case 'x' -> 16;
        case 'o' -> 8;
        default -> 2;
      };
      t = t.substring(2);
    }
    BigInteger v = new BigInteger(t, radix);
    return negative ? v.negate() : v;
  }

  private static String asciiStrip(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && " \t\n\r\u000b\f".indexOf(s.charAt(a)) >= 0) {
      a++;
    }
    while (b > a && " \t\n\r\u000b\f".indexOf(s.charAt(b - 1)) >= 0) {
      b--;
    }
    return s.substring(a, b);
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
    charge(2 * n + 48, "pickle integers");
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

  /**
   * The value of a scalar or string opcode (numbers, booleans, None, text, bytes, buffers) read
   * with its operand, or null when {@code code} is not one.
   */
  @Nullable PickleValue literal(int code, long op) throws IOException, PickleMachine.Break {
    return switch (code) {
      case Op.NONE -> PickleValue.None.INSTANCE;
      case Op.NEWTRUE -> new PickleValue.Bool(true);
      case Op.NEWFALSE -> new PickleValue.Bool(false);
      case Op.INT -> cInt(line());
      case Op.LONG -> new PickleValue.Int(cLong(line()));
      case Op.BININT -> new PickleValue.Int(BigInteger.valueOf(in.i32()));
      case Op.BININT1 -> new PickleValue.Int(BigInteger.valueOf(in.u8()));
      case Op.BININT2 -> new PickleValue.Int(BigInteger.valueOf(in.u16()));
      case Op.LONG1 -> new PickleValue.Int(longBytes(in.u8()));
      case Op.LONG4 -> new PickleValue.Int(longBytes(in.i32()));
      case Op.FLOAT -> new PickleValue.Float(floating(line().strip()));
      case Op.BINFLOAT -> new PickleValue.Float(Double.longBitsToDouble(
          Long.reverseBytes(in.u64()))); // the only big-endian field in pickle
      case Op.STRING -> Text.str(Text.escapeDecode(quoted(line())), op);
      case Op.BINSTRING -> latin1(in.i32(), op);
      case Op.SHORT_BINSTRING -> latin1(in.u8(), op);
      case Op.UNICODE -> {
        String s = Text.rawUnicodeEscape(lineBytes());
        yield new Str(s, true, op, s.length());
      }
      case Op.BINUNICODE -> utf8(in.u32(), op);
      case Op.SHORT_BINUNICODE -> utf8(in.u8(), op);
      case Op.BINUNICODE8 -> utf8(in.u64(), op);
      case Op.BINBYTES -> bytes(in.u32(), false, op);
      case Op.SHORT_BINBYTES -> bytes(in.u8(), false, op);
      case Op.BINBYTES8 -> bytes(in.u64(), false, op);
      case Op.BYTEARRAY8 -> bytes(in.u64(), true, op);
      case Op.NEXT_BUFFER -> new PickleValue.OutOfBand(op, false);
      default -> null;
    };
  }
}
