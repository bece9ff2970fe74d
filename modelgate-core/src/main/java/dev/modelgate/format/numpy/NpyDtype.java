package dev.modelgate.format.numpy;

import dev.modelgate.io.InvalidInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code .npy} header's {@code descr} means, judged as numpy's {@code descr_to_dtype}
 * builds the dtype: whether the array holds Python objects (then its data is a pickle that
 * {@code numpy.load(allow_pickle=True)} unpickles), and otherwise how many bytes one item takes.
 */
final class NpyDtype {
  private static final int MAX_DEPTH = 32;
  private static final Pattern TIME_UNIT =
      Pattern.compile("\\[\\d{0,9}(Y|M|W|D|h|m|s|ms|us|\u03bcs|ns|ps|fs|as|generic)]");
  /**
   * Any spelling that can name an object field: {@code O}, {@code object} and numpy 2's
   * {@code T} (StringDType, which numpy also unpickles), alone or in comma lists and subarrays.
   */
  private static final Pattern OBJECT_WORD = Pattern.compile("O|object|T");
  private static final Pattern SIMPLE =
      Pattern.compile("([<>|=]?)([biufcmMOSUVaT?])(\\d*)(\\[.*])?");

  private NpyDtype() {}

  /**
   * True when numpy would build a dtype with objects from {@code descr}, or when that cannot be
   * told: a string is read by {@code numpy.dtype}; a tuple is a subarray of its first item;
   * anything else numpy iterates as fields {@code (name, descr[, shape])}, and a field may be
   * any sequence of two or three: a two-letter string {@code 'xO'} is a field named {@code x}
   * of objects, a dict contributes its keys.
   */
  static boolean objects(Object descr) {
    return objects(descr, 0);
  }

  private static boolean objects(Object descr, int depth) {
    if (depth > MAX_DEPTH) {
      return true; // cannot tell: the dangerous case
    }
    if (descr instanceof String s) {
      Matcher m = SIMPLE.matcher(s);
      if (m.matches()) {
        return m.group(2).equals("O") || m.group(2).equals("T");
      }
      return OBJECT_WORD.matcher(s).find();
    }
    if (descr instanceof PyValue.Tuple t) {
      return t.items().size() >= 2 && objects(t.items().get(0), depth + 1);
    }
    List<Object> fields = sequence(descr);
    if (fields == null) {
      return false; // numpy cannot iterate it: np.load fails before reading any data
    }
    for (Object field : fields) {
      List<Object> parts = sequence(field);
      if (parts != null && (parts.size() == 2 || parts.size() == 3)
          && (objects(parts.get(1), depth + 1) || field instanceof Set<?>)) {
        return true; // a set's order is Python's hash order: any of its items may be the dtype
      }
    }
    return false;
  }

  /** What Python's iteration (and tuple unpacking) of {@code v} yields, or null if none. */
  private static @Nullable List<Object> sequence(Object v) {
    return switch (v) {
      case List<?> l -> new ArrayList<>(l);
      case PyValue.Tuple t -> t.items();
      case Map<?, ?> m -> new ArrayList<>(m.keySet());
      case Set<?> s -> new ArrayList<>(s);
      case String s -> new ArrayList<>(s.codePoints().mapToObj(Character::toString).toList());
      case PyValue.Bytes b -> {
        List<Object> out = new ArrayList<>();
        for (byte x : b.value()) {
          out.add(BigInteger.valueOf(x & 0xff));
        }
        yield out;
      }
      default -> null;
    };
  }

  /**
   * Bytes per item of a dtype that holds no objects. Only the spellings {@code numpy.save}
   * writes are sized: a simple type string, or a list of fields {@code (name, descr[, shape])}.
   */
  static long itemSize(Object descr, long at, int depth) throws InvalidInputException {
    if (descr instanceof String s) {
      Matcher m = SIMPLE.matcher(s);
      // Brackets only carry a datetime64/timedelta64 unit such as [ns] or [10s].
      boolean unitOk = m.matches() && (m.group(4) == null
          || ("mM".contains(m.group(2)) && TIME_UNIT.matcher(m.group(4)).matches()));
      if (!unitOk) {
        throw new InvalidInputException("numpy.descr", "unsupported dtype '" + s + "'", "@" + at);
      }
      long n = m.group(3).isEmpty() ? (m.group(2).equals("?") ? 1 : -1)
          : Long.parseLong(m.group(3));
      if (n < 0 || n > (1L << 40)) {
        throw new InvalidInputException("numpy.descr", "dtype '" + s + "' has no size", "@" + at);
      }
      return m.group(2).equals("U") ? n * 4 : n;
    }
    if (descr instanceof List<?> fields && depth < MAX_DEPTH) {
      long total = 0;
      for (Object f : fields) {
        List<Object> field = f instanceof List<?> || f instanceof PyValue.Tuple
            ? sequence(f) : null;
        if (field == null || field.size() < 2 || field.size() > 3) {
          throw new InvalidInputException("numpy.descr", "bad structured field " + f, "@" + at);
        }
        long size = itemSize(field.get(1), at, depth + 1);
        if (field.size() == 3) {
          size = Math.multiplyExact(size, count(field.get(2), at));
        }
        total = Math.addExact(total, size);
      }
      return total;
    }
    throw new InvalidInputException("numpy.descr", "unsupported dtype " + descr, "@" + at);
  }

  /** Elements of a field's subarray shape: a tuple or list of dimensions, or one. */
  private static long count(Object shape, long at) throws InvalidInputException {
    List<Object> dims = shape instanceof BigInteger || shape instanceof Boolean
        ? List.of(shape) : shape instanceof List<?> || shape instanceof PyValue.Tuple
            ? sequence(shape) : null;
    if (dims == null) {
      throw new InvalidInputException("numpy.shape", "shape is not a tuple", "@" + at);
    }
    return elements(dims, at);
  }

  /** Elements of a shape: each dimension non-negative, the product within a long. */
  static long elements(List<Object> dims, long at) throws InvalidInputException {
    long n = 1;
    for (Object d : dims) {
      long v = dimension(d);
      if (v < 0) {
        throw new InvalidInputException("numpy.shape", "bad dimension " + d, "@" + at);
      }
      try {
        n = Math.multiplyExact(n, v);
      } catch (ArithmeticException e) {
        throw new InvalidInputException("numpy.shape", "shape overflows", "@" + at);
      }
    }
    return n;
  }

  /** A dimension as numpy takes it (a bool counts as 0 or 1); -1 when not a usable one. */
  static long dimension(Object d) {
    if (d instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (d instanceof BigInteger b && b.signum() >= 0 && b.bitLength() < 64) {
      return b.longValue();
    }
    return -1;
  }
}
