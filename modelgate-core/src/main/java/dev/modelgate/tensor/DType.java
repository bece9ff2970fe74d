package dev.modelgate.tensor;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Element types, named as safetensors names them (the set its reference implementation accepts,
 * safetensors 0.8), with the names PyTorch and numpy use for the same bytes. One model for scan,
 * inspect and convert: safetensors headers are validated with it, torch and numpy tensors are
 * converted to it, GGUF and ONNX element types map onto it where they are the same thing.
 * Sizes are in bits because the 4- and 6-bit float types pack several elements per byte; those
 * have no torch or numpy name, so no converted tensor has them. Block-quantised types (GGUF's)
 * are not element types and are not here.
 */
public enum DType {
  BOOL(8, "torch.bool", "BoolStorage", "|b1"),
  F4(4, null, null, null),
  F6_E2M3(6, null, null, null),
  F6_E3M2(6, null, null, null),
  U8(8, "torch.uint8", "ByteStorage", "|u1"),
  I8(8, "torch.int8", "CharStorage", "|i1"),
  F8_E5M2(8, "torch.float8_e5m2", "Float8_e5m2Storage", null),
  F8_E4M3(8, "torch.float8_e4m3fn", "Float8_e4m3fnStorage", null),
  F8_E8M0(8, null, null, null),
  F8_E4M3FNUZ(8, null, null, null),
  F8_E5M2FNUZ(8, null, null, null),
  I16(16, "torch.int16", "ShortStorage", "<i2"),
  U16(16, "torch.uint16", "UInt16Storage", "<u2"),
  F16(16, "torch.float16", "HalfStorage", "<f2"),
  BF16(16, "torch.bfloat16", "BFloat16Storage", null),
  I32(32, "torch.int32", "IntStorage", "<i4"),
  U32(32, "torch.uint32", "UInt32Storage", "<u4"),
  F32(32, "torch.float32", "FloatStorage", "<f4"),
  C64(64, "torch.complex64", "ComplexFloatStorage", "<c8"),
  F64(64, "torch.float64", "DoubleStorage", "<f8"),
  I64(64, "torch.int64", "LongStorage", "<i8"),
  U64(64, "torch.uint64", "UInt64Storage", "<u8");

  private final int bits;
  private final @Nullable String torchName;
  private final @Nullable String storageClass;
  private final @Nullable String numpyDescr;

  DType(int bits, @Nullable String torchName, @Nullable String storageClass,
      @Nullable String numpyDescr) {
    this.bits = bits;
    this.torchName = torchName;
    this.storageClass = storageClass;
    this.numpyDescr = numpyDescr;
  }

  /** Bits per element. */
  public int bits() {
    return bits;
  }

  /**
   * Bytes per element.
   *
   * @throws IllegalStateException for the sub-byte types ({@code F4}, {@code F6_*}), which have
   *     no whole-byte element: use {@link #bits()}
   */
  public int size() {
    if (bits % 8 != 0) {
      throw new IllegalStateException(name() + " elements are " + bits + " bits, not whole bytes");
    }
    return bits / 8;
  }

  /** The dtype's name in safetensors headers ({@code F32}, {@code BF16}, ...). */
  public String safetensorsName() {
    return name();
  }

  /** e.g. {@code torch.float32}; null for types torch has no name for here. */
  public @Nullable String torchName() {
    return torchName;
  }

  /** From a safetensors dtype string, spelled exactly (the format is case-sensitive). */
  public static Optional<DType> ofSafetensors(String s) {
    for (DType d : values()) {
      if (d.name().equals(s)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** From a PyTorch dtype global name such as {@code float32} (module {@code torch}). */
  public static Optional<DType> ofTorchDtype(String attribute) {
    String q = "torch." + attribute;
    for (DType d : values()) {
      if (q.equals(d.torchName)) {
        return Optional.of(d);
      }
    }
    return switch (attribute) {
      case "float", "float32" -> Optional.of(F32);
      case "half" -> Optional.of(F16);
      case "double" -> Optional.of(F64);
      case "long" -> Optional.of(I64);
      case "int" -> Optional.of(I32);
      case "short" -> Optional.of(I16);
      default -> Optional.empty();
    };
  }

  /** From a legacy typed storage class name such as {@code FloatStorage}. */
  public static Optional<DType> ofStorageClass(String cls) {
    for (DType d : values()) {
      if (cls.equals(d.storageClass)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * From a numpy array-protocol type string ({@code <f4}, {@code |b1}, {@code >i8} ...); the
   * byte order is reported separately by {@link #bigEndian(String)}.
   */
  public static Optional<DType> ofNumpy(String descr) {
    if (descr.length() < 2) {
      return Optional.empty();
    }
    String order = descr.substring(0, 1);
    String rest = descr.substring(1).toLowerCase(Locale.ROOT);
    boolean single = rest.endsWith("1");
    if (!order.equals("<") && !order.equals(">") && !order.equals("|") && !order.equals("=")) {
      return Optional.empty();
    }
    for (DType d : values()) {
      if (d.numpyDescr != null && d.numpyDescr.substring(1).equals(rest)
          && (single || !order.equals("|"))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** True for a numpy descr that stores multi-byte elements big-endian. */
  public static boolean bigEndian(String descr) {
    return descr.startsWith(">");
  }
}
