package dev.modelgate.tensor;

import java.util.Locale;
import java.util.Optional;

/**
 * Element types, named as safetensors names them, with the names PyTorch and numpy use for the
 * same bytes. Sub-byte and block-quantised types (GGUF's) are not tensor dtypes here.
 */
public enum DType {
  BOOL(1, "torch.bool", "BoolStorage", "|b1"),
  U8(1, "torch.uint8", "ByteStorage", "|u1"),
  I8(1, "torch.int8", "CharStorage", "|i1"),
  F8_E5M2(1, "torch.float8_e5m2", "Float8_e5m2Storage", null),
  F8_E4M3(1, "torch.float8_e4m3fn", "Float8_e4m3fnStorage", null),
  I16(2, "torch.int16", "ShortStorage", "<i2"),
  U16(2, "torch.uint16", "UInt16Storage", "<u2"),
  F16(2, "torch.float16", "HalfStorage", "<f2"),
  BF16(2, "torch.bfloat16", "BFloat16Storage", null),
  I32(4, "torch.int32", "IntStorage", "<i4"),
  U32(4, "torch.uint32", "UInt32Storage", "<u4"),
  F32(4, "torch.float32", "FloatStorage", "<f4"),
  F64(8, "torch.float64", "DoubleStorage", "<f8"),
  I64(8, "torch.int64", "LongStorage", "<i8"),
  U64(8, "torch.uint64", "UInt64Storage", "<u8"),
  C64(8, "torch.complex64", "ComplexFloatStorage", "<c8");

  private final int size;
  private final String torchName;
  private final String storageClass;
  private final String numpyDescr;

  DType(int size, String torchName, String storageClass, String numpyDescr) {
    this.size = size;
    this.torchName = torchName;
    this.storageClass = storageClass;
    this.numpyDescr = numpyDescr;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** The dtype's name in safetensors headers ({@code F32}, {@code BF16}, ...). */
  public String safetensorsName() {
    return name();
  }

  /** e.g. {@code torch.float32}. */
  public String torchName() {
    return torchName;
  }

  /** From a safetensors dtype string. */
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
      if (d.torchName.equals(q)) {
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
