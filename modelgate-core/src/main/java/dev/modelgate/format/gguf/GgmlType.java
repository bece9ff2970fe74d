package dev.modelgate.format.gguf;

import dev.modelgate.tensor.DType;
import java.util.Optional;

/**
 * ggml tensor types that GGUF files may use, with the block size (elements per block) and type
 * size (bytes per block) from ggml. Ids that ggml removed (4 = Q4_2, 5 = Q4_3, 31-33 = Q4_0_4_4 /
 * Q4_0_4_8 / Q4_0_8_8, 36-38 = IQ4_NL_4_4 / 4_8 / 8_8) are deliberately absent: loaders reject
 * them, so a file using them is invalid.
 */
public enum GgmlType {
  F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q4_1(3, 32, 20), Q5_0(6, 32, 22),
  Q5_1(7, 32, 24), Q8_0(8, 32, 34), Q8_1(9, 32, 40), Q2_K(10, 256, 84), Q3_K(11, 256, 110),
  Q4_K(12, 256, 144), Q5_K(13, 256, 176), Q6_K(14, 256, 210), Q8_K(15, 256, 292),
  IQ2_XXS(16, 256, 66), IQ2_XS(17, 256, 74), IQ3_XXS(18, 256, 98), IQ1_S(19, 256, 50),
  IQ4_NL(20, 32, 18), IQ3_S(21, 256, 110), IQ2_S(22, 256, 82), IQ4_XS(23, 256, 136),
  I8(24, 1, 1), I16(25, 1, 2), I32(26, 1, 4), I64(27, 1, 8), F64(28, 1, 8), IQ1_M(29, 256, 56),
  BF16(30, 1, 2), TQ1_0(34, 256, 54), TQ2_0(35, 256, 66), MXFP4(39, 32, 17), NVFP4(40, 64, 36),
  Q1_0(41, 128, 18);

  private final int id;
  private final int blockSize;
  private final int typeSize;

  GgmlType(int id, int blockSize, int typeSize) {
    this.id = id;
    this.blockSize = blockSize;
    this.typeSize = typeSize;
  }

  public int id() {
    return id;
  }

  /** Elements per block; a row (first dimension) must hold a whole number of blocks. */
  public int blockSize() {
    return blockSize;
  }

  /** Bytes per block. */
  public int typeSize() {
    return typeSize;
  }

  /**
   * The element type when this is a plain (not block-quantised) one, as safetensors and torch
   * name the same bytes; empty for quantised types.
   */
  public Optional<DType> dtype() {
    return switch (this) {
      case F32 -> Optional.of(DType.F32);
      case F16 -> Optional.of(DType.F16);
      case BF16 -> Optional.of(DType.BF16);
      case F64 -> Optional.of(DType.F64);
      case I8 -> Optional.of(DType.I8);
      case I16 -> Optional.of(DType.I16);
      case I32 -> Optional.of(DType.I32);
      case I64 -> Optional.of(DType.I64);
      default -> Optional.empty();
    };
  }

  public static Optional<GgmlType> of(long id) {
    for (GgmlType t : values()) {
      if (t.id == id) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
