package dev.modelgate.format.gguf;

import java.util.Optional;

/** Metadata value types of GGUF (ids 0-12), with the encoded size of fixed-size ones. */
enum GgufValueType {
  UINT8(1), INT8(1), UINT16(2), INT16(2), UINT32(4), INT32(4), FLOAT32(4), BOOL(1),
  STRING(-1), ARRAY(-1), UINT64(8), INT64(8), FLOAT64(8);

  private final int size;

  GgufValueType(int size) {
    this.size = size;
  }

  /** Encoded bytes of one value, or -1 for STRING and ARRAY (variable). */
  public int size() {
    return size;
  }

  /** Fewest bytes one value of this type can take: a string is at least its 8-byte length. */
  int minSize() {
    return switch (this) {
      case STRING -> 8;
      case ARRAY -> 12;
      default -> size;
    };
  }

  static Optional<GgufValueType> of(long id) {
    return id >= 0 && id < values().length ? Optional.of(values()[(int) id]) : Optional.empty();
  }
}
