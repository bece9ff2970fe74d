package dev.modelgate.format.onnx;

import dev.modelgate.tensor.DType;
import java.util.Optional;

/**
 * {@code TensorProto.DataType} codes: the element type each stores (the shared {@link DType} where
 * there is one) and its size in bits (0 = variable or unknown).
 */
final class DataType {
  static final int FLOAT = 1;
  static final int INT32 = 6;
  static final int INT64 = 7;
  static final int STRING = 8;
  static final int DOUBLE = 11;
  static final int UINT64 = 13;
  static final int COMPLEX64 = 14;
  static final int COMPLEX128 = 15;

  private DataType() {}

  /** The element type a code stores, where safetensors and torch have the same one. */
  static Optional<DType> dtype(int type) {
    return Optional.ofNullable(switch (type) {
      case 1 -> DType.F32;
      case 2 -> DType.U8;
      case 3 -> DType.I8;
      case 4 -> DType.U16;
      case 5 -> DType.I16;
      case 6 -> DType.I32;
      case 7 -> DType.I64;
      case 9 -> DType.BOOL;
      case 10 -> DType.F16;
      case 11 -> DType.F64;
      case 12 -> DType.U32;
      case 13 -> DType.U64;
      case 14 -> DType.C64;
      case 16 -> DType.BF16;
      case 17 -> DType.F8_E4M3;
      case 18 -> DType.F8_E4M3FNUZ;
      case 19 -> DType.F8_E5M2;
      case 20 -> DType.F8_E5M2FNUZ;
      case 23 -> DType.F4;
      case 24 -> DType.F8_E8M0;
      default -> null;
    });
  }

  static int bits(int type) {
    return dtype(type).map(DType::bits).orElseGet(() -> switch (type) {
      case 15 -> 128; // complex128, which safetensors has no name for
      case 21, 22 -> 4; // uint4 int4, packed two per byte
      case 25, 26 -> 2; // uint2 int2, packed four per byte
      default -> 0; // string, undefined, and types newer than this table: not size-checked
    });
  }

  /** Bytes needed for {@code count} elements, or -1 when the size is not fixed or overflows. */
  static long bytes(int type, long count) {
    int bits = bits(type);
    if (bits == 0 || count < 0) {
      return -1;
    }
    try {
      long totalBits = Math.multiplyExact(count, (long) bits);
      return (totalBits + 7) / 8;
    } catch (ArithmeticException e) {
      return -1;
    }
  }
}
