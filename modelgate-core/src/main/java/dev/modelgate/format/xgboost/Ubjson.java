package dev.modelgate.format.xgboost;

import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * XGBoost's UBJSON model ({@code save_model("m.ubj")}, the default since 2.1), read as XGBoost's
 * own reader reads it: big-endian numbers, strings and counts always with an int64 {@code L}
 * length, typed arrays {@code [$<type>#L<n>} of fixed-size numbers, counted arrays
 * {@code [#L<n>}, and no high-precision numbers. Every count is checked against the bytes left
 * before anything is allocated.
 */
final class Ubjson extends Doc {

  Ubjson(SourceReader in, Trees sink) {
    super(in, sink);
  }

  @Override
  @Nullable Object document() throws IOException {
    Object v = value(0);
    if (!in.atEnd()) {
      throw error("data after the model's UBJSON object", in.position());
    }
    return v;
  }

  private @Nullable Object value(int depth) throws IOException {
    long at = in.position();
    depth(depth, at);
    count(at);
    int c = in.u8();
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case 'Z' -> null;
      case 'T' -> true;
      case 'F' -> false;
      case 'S' -> string();
      case 'd', 'D', 'i', 'U', 'I', 'l', 'L', 'C' -> scalar(c);
      case 'H' -> throw error("high-precision numbers are not supported by XGBoost", at);
      default -> throw error("unknown UBJSON marker 0x" + Integer.toHexString(c), at);
    };
  }

  private double scalar(int type) throws IOException {
    return switch (type) {
      case 'd' -> in.f32();
      case 'D' -> in.f64();
      case 'i', 'C' -> (byte) in.u8();
      case 'U' -> in.u8();
      case 'I' -> (short) in.u16();
      case 'l' -> in.i32();
      default -> in.u64(); // 'L': signed int64
    };
  }

  private Map<String, Object> object(int depth) throws IOException {
    Map<String, Object> m = newObject();
    while (true) {
      long at = in.position();
      if (in.peek() == '}') {
        in.u8();
        return m;
      }
      String key = string();
      enter(key);
      Object v = value(depth + 1);
      leave();
      put(m, key, v, at);
    }
  }

  private Object array(int depth) throws IOException {
    long at = in.position();
    if (in.peek() == '$') {
      in.u8();
      int type = in.u8();
      int width = switch (type) {
        case 'd', 'l' -> 4;
        case 'D', 'L' -> 8;
        case 'i', 'U' -> 1;
        case 'I' -> 2;
        default -> throw error("typed array of '" + (char) type + "' is not supported", at);
      };
      if (in.u8() != '#') {
        throw error("typed array without a '#' count", at);
      }
      long n = count();
      if (n > in.remaining() / width) {
        throw error("typed array of " + n + " " + width + "-byte elements runs past the "
            + in.remaining() + " bytes that remain", at);
      }
      count(at, n);
      Nums nums = new Nums((int) Math.min(n, 1 << 20));
      for (long k = 0; k < n; k++) {
        nums.add(scalar(type));
      }
      return nums;
    }
    Object arr = new Nums(0);
    if (in.peek() == '#') {
      in.u8();
      long n = count();
      if (n > in.remaining()) {
        throw error("array of " + n + " elements cannot fit in the " + in.remaining()
            + " bytes that remain", at);
      }
      for (int k = 0; k < n; k++) {
        long eat = in.position();
        arr = append(arr, value(depth + 1), k, eat);
      }
      return arr;
    }
    int k = 0;
    while (in.peek() != ']') {
      if (in.atEnd()) {
        throw in.truncated("array is not closed");
      }
      long eat = in.position();
      arr = append(arr, value(depth + 1), k++, eat);
    }
    in.u8();
    return arr;
  }

  /** {@code #L<int64>}: XGBoost writes and reads only int64 counts. */
  private long count() throws IOException {
    long at = in.position();
    if (in.u8() != 'L') {
      throw error("count is not an int64 ('L')", at);
    }
    long n = in.u64();
    if (n < 0) {
      throw error("negative count " + n, at);
    }
    return n;
  }

  private String string() throws IOException {
    long at = in.position();
    if (in.u8() != 'L') {
      throw error("string length is not an int64 ('L'), which is all XGBoost reads", at);
    }
    long n = in.u64();
    if (n < 0 || n > in.remaining()) {
      throw error("string of " + n + " bytes exceeds the " + in.remaining() + " that remain", at);
    }
    if (n > MAX_STRING) {
      throw new dev.modelgate.io.InvalidInputException("xgboost.limit", "string longer than "
          + MAX_STRING + " bytes", in.at(at));
    }
    byte[] b = in.bytes(n);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException x) {
      // XGBoost keeps raw bytes (feature names); they cannot hide structure, so keep going.
      return new String(b, StandardCharsets.ISO_8859_1);
    }
  }
}
