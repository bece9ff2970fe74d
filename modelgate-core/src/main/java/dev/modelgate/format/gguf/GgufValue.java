package dev.modelgate.format.gguf;

import java.util.List;

/** A metadata value as read from a GGUF header. */
sealed interface GgufValue {

  /** A number or boolean ({@link Long}, {@link Double} or {@link Boolean}). */
  record Scalar(GgufValueType type, Object value) implements GgufValue {}

  /** A string short enough to keep in memory. */
  record Str(String value) implements GgufValue {}

  /** A string longer than the reader keeps; only its length is known. */
  record LongStr(long length) implements GgufValue {}

  /**
   * An array. Elements are validated but not kept (vocabularies hold 100k+ entries), except
   * strings of keys that hold chat templates.
   */
  record Array(GgufValueType elementType, long count, List<String> strings) implements GgufValue {
    public Array {
      strings = List.copyOf(strings);
    }
  }
}
