package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Int;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.pickle.PickleValue.Tuple;
import java.util.List;

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
    // numpy's dtype.__setstate__ (as numpy 2 runs it): a version 3/4 state of 8 or 9 items sets
    // the flags, and so hasobject (bit 0), unless the dtype is a shared builtin (copy=False on a
    // fixed-size kind), which ignores the state; only flexible kinds (S, U, V) take the item
    // size. Modelling anything else would step over bytes joblib reads as opcodes, or back.
    boolean flexible = "SUVa".indexOf(kind) >= 0;
    boolean objects = kind == 'O';
    long elsize = -1;
    if (!dtype.states().isEmpty() && dtype.states().getLast() instanceof Tuple st
        && (flexible || copied(dtype))) {
      List<PickleValue> items = st.items();
      if (flexible && items.size() >= 7 && items.get(5) instanceof Int e) {
        elsize = e.longValue(-1);
      }
      if ((items.size() == 8 || items.size() == 9) && items.get(0) instanceof Int v
          && (v.longValue(-1) == 3 || v.longValue(-1) == 4)) {
        if (!(items.get(7) instanceof Int f)) {
          throw bad("has dtype flags " + Render.value(items.get(7)));
        }
        objects = f.value().testBit(0);
      }
    }
    if (objects) {
      return new Plan(true, 0, false);
    }
    long item = elsize > 0 ? elsize : digits(type.text(), kind);
    try {
      return new Plan(false, Math.multiplyExact(count, item), padded);
    } catch (ArithmeticException e) {
      throw bad("array size overflows");
    }
  }

  /** numpy.dtype(type, align, copy): a copy is a new descriptor that honours BUILD state. */
  private static boolean copied(Call dtype) throws PickleMachine.Break {
    if (dtype.args().size() < 3) {
      return false;
    }
    return switch (dtype.args().get(2)) {
      case PickleValue.Bool b -> b.value();
      case Int i -> i.value().signum() != 0;
      default -> throw bad("has a dtype copy flag " + Render.value(dtype.args().get(2)));
    };
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
