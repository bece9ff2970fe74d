package dev.modelgate.format.onnx;

/** Element sizes of {@code TensorProto.DataType} values, in bits (0 = variable or unknown). */
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

  static int bits(int type) {
    return switch (type) {
      case 2, 3, 9, 17, 18, 19, 20, 24 -> 8; // uint8 int8 bool float8 variants
      case 4, 5, 10, 16 -> 16; // uint16 int16 float16 bfloat16
      case 1, 6, 12 -> 32; // float int32 uint32
      case 7, 11, 13, 14 -> 64; // int64 double uint64 complex64
      case 15 -> 128; // complex128
      case 21, 22, 23 -> 4; // uint4 int4 float4e2m1, packed two per byte
      case 25, 26 -> 2; // uint2 int2, packed four per byte
      default -> 0; // string, undefined, and types newer than this table: not size-checked
    };
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
