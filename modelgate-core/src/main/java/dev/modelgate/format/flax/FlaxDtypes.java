package dev.modelgate.format.flax;

import java.util.Map;

/**
 * Item sizes of the dtype names Flax writes ({@code arr.dtype.name}): numpy's numeric types and
 * the ml_dtypes types JAX uses (bfloat16, float8 variants, int4 ...). Object arrays are absent
 * on purpose: {@code np.frombuffer} refuses them, so such a checkpoint cannot load.
 */
final class FlaxDtypes {
  private static final Map<String, Integer> SIZES = Map.ofEntries(
      Map.entry("bool", 1), Map.entry("int8", 1), Map.entry("uint8", 1), Map.entry("int16", 2),
      Map.entry("uint16", 2), Map.entry("int32", 4), Map.entry("uint32", 4),
      Map.entry("int64", 8), Map.entry("uint64", 8), Map.entry("float16", 2),
      Map.entry("float32", 4), Map.entry("float64", 8), Map.entry("float128", 16),
      Map.entry("longdouble", 16), Map.entry("complex64", 8), Map.entry("complex128", 16),
      Map.entry("complex256", 32), Map.entry("bfloat16", 2), Map.entry("float8_e4m3fn", 1),
      Map.entry("float8_e5m2", 1), Map.entry("float8_e4m3fnuz", 1),
      Map.entry("float8_e5m2fnuz", 1), Map.entry("float8_e4m3b11fnuz", 1),
      Map.entry("float8_e3m4", 1), Map.entry("float8_e4m3", 1), Map.entry("float8_e8m0fnu", 1),
      Map.entry("float4_e2m1fn", 1), Map.entry("float6_e2m3fn", 1),
      Map.entry("float6_e3m2fn", 1), Map.entry("int2", 1), Map.entry("uint2", 1),
      Map.entry("int4", 1), Map.entry("uint4", 1));

  private FlaxDtypes() {}

  /** Bytes per element, or -1 for a name outside this list. */
  static int size(String name) {
    Integer n = SIZES.get(name);
    return n == null ? -1 : n;
  }

  static boolean object(String name) {
    return name.equals("object") || name.equals("O") || name.startsWith("|O")
        || name.startsWith("<O") || name.startsWith(">O") || name.equals("object_");
  }
}
