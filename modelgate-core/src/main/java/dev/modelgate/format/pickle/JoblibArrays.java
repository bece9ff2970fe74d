package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Int;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.pickle.PickleValue.Tuple;

/**
 * joblib writes each numpy array as a {@code joblib.numpy_pickle.NumpyArrayWrapper} whose BUILD
 * is followed, inside the pickle stream, by the raw array bytes (after an alignment pad) or, for
 * object arrays, by a nested pickle read with a fresh unpickler. joblib's unpickler consumes that
 * data right after BUILD; this works out how much, from the wrapper's symbolic state, so the
 * machine can step over it as {@code joblib.load} does instead of reading array bytes as opcodes.
 */
final class JoblibArrays {
  static final String WRAPPER = "joblib.numpy_pickle.NumpyArrayWrapper";

  /**
   * @param objects the array holds Python objects: a nested pickle follows
   * @param bytes raw data bytes that follow (after the pad, when {@code padded})
   */
  record Plan(boolean objects, long bytes, boolean padded) {}

  private JoblibArrays() {}

  static boolean isWrapper(Call c) {
    return c.global() != null && c.global().qualified().equals(WRAPPER);
  }

  static Plan plan(Call wrapper) throws PickleMachine.Break {
    if (wrapper.states().isEmpty() || !(wrapper.states().getLast() instanceof Dict state)) {
      throw bad("has no state");
    }
    if (!(state.get("shape") instanceof Tuple shape)) {
      throw bad("has no shape tuple");
    }
    if (!(state.get("dtype") instanceof Call dtype) || dtype.args().isEmpty()
        || !(dtype.args().get(0) instanceof Str type) || type.text().isEmpty()) {
      throw bad("has no dtype");
    }
    boolean padded = state.get("numpy_array_alignment_bytes") instanceof Int;
    long count = 1;
    for (PickleValue d : shape.items()) {
      if (!(d instanceof Int i) || i.value().signum() < 0 || i.value().bitLength() > 62) {
        throw bad("has a bad dimension " + Render.value(d));
      }
      try {
        count = Math.multiplyExact(count, i.value().longValue());
      } catch (ArithmeticException e) {
        throw bad("shape overflows");
      }
    }
    char kind = type.text().charAt(0);
    long flags = -1;
    long elsize = -1;
    if (!dtype.states().isEmpty() && dtype.states().getLast() instanceof Tuple st
        && st.items().size() >= 8) {
      elsize = st.items().get(5) instanceof Int e ? e.longValue(-1) : -1;
      flags = st.items().get(7) instanceof Int f ? f.longValue(-1) : -1;
    }
    if (kind == 'O' || (flags > 0 && (flags & 1) != 0)) {
      return new Plan(true, 0, false);
    }
    long item = elsize > 0 ? elsize : digits(type.text(), kind);
    try {
      return new Plan(false, Math.multiplyExact(count, item), padded);
    } catch (ArithmeticException e) {
      throw bad("array size overflows");
    }
  }

  private static long digits(String type, char kind) throws PickleMachine.Break {
    try {
      long n = Long.parseLong(type.substring(1));
      return kind == 'U' ? Math.multiplyExact(n, 4) : n;
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad("dtype '" + Text.clip(type) + "' has no item size");
    }
  }

  private static PickleMachine.Break bad(String what) {
    return new PickleMachine.Break("pickle.malformed", "joblib array wrapper " + what);
  }
}
