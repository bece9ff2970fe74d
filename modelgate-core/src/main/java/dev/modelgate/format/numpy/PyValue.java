package dev.modelgate.format.numpy;

import java.util.Arrays;
import java.util.List;

/**
 * The values {@link HeaderLiteral} evaluates a header to, as Java objects: String (str),
 * {@link Bytes}, BigInteger (int; {@link #LARGE_INT} for one too long to matter), Boolean,
 * Double (float), {@link Complex}, {@link #NONE}, {@link #ELLIPSIS}, {@link Tuple}, List, Set
 * and Map (dict, in insertion order).
 */
final class PyValue {
  static final Object NONE = new Marker("None");
  static final Object ELLIPSIS = new Marker("Ellipsis");
  /** An integer literal with thousands of digits: no header field can use one. */
  static final Object LARGE_INT = new Marker("<large int>");
  /** An f-string: an expression, never a constant. */
  static final Object F_STRING = new Marker("<f-string>");

  private PyValue() {}

  /** A Python singleton or a stand-in, distinct from every other value. */
  record Marker(String name) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Tuple(List<Object> items) {
    Tuple {
      items = List.copyOf(items);
    }

    /** As evidence shows it: like a list, {@code [|O, [2]]}. */
    @Override
    public String toString() {
      return items.toString();
    }
  }

  @SuppressWarnings("ArrayRecordComponent") // equals/hashCode below compare contents
  record Bytes(byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "b" + Arrays.toString(value);
    }
  }

  record Complex(double real, double imag) {}
}
