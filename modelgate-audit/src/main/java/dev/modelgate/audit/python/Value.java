package dev.modelgate.audit.python;

/**
 * What the analysis knows about an expression: a qualified name it refers to (an imported
 * module, function or class), a constant, an instance of a known type, or nothing.
 */
sealed interface Value {
  Value UNKNOWN = new Unknown();

  /** A module, function or class by qualified name, e.g. {@code pickle.loads}. */
  record Ref(String name) implements Value {}

  /** A constant: String, Boolean, Long, Double, or {@link #NONE}. */
  record Const(Object value) implements Value {
    static final Object NONE = new Object() {
      @Override
      public String toString() {
        return "None";
      }
    };
  }

  /** The result of calling a constructor or factory; {@code type} from {@link Types}. */
  record Obj(String type) implements Value {}

  /** A tuple of values (for {@code a, b = x, y} and {@code ("0.0.0.0", port)}). */
  record Tuple(java.util.List<Value> items) implements Value {}

  record Unknown() implements Value {}

  static String refName(Value v) {
    return v instanceof Ref r ? r.name() : null;
  }

  static String string(Value v) {
    return v instanceof Const c && c.value() instanceof String s ? s : null;
  }

  /** Python truthiness of a constant; null when not a constant. */
  @SuppressWarnings("ReferenceEquality") // Const.NONE is a marker compared by identity
  static Boolean truth(Value v) {
    if (!(v instanceof Const c)) {
      return null;
    }
    Object o = c.value();
    if (o instanceof Boolean b) {
      return b;
    }
    if (o == Const.NONE) {
      return false;
    }
    if (o instanceof String s) {
      return !s.isEmpty();
    }
    if (o instanceof Number n) {
      return n.doubleValue() != 0;
    }
    return null;
  }
}
