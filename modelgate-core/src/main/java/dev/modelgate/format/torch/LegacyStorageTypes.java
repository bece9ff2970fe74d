package dev.modelgate.format.torch;

import java.util.Map;

/** Element sizes of legacy typed storages ({@code torch.FloatStorage} ...), by class name. */
final class LegacyStorageTypes {
  private static final Map<String, Integer> SIZES = Map.ofEntries(
      Map.entry("DoubleStorage", 8), Map.entry("FloatStorage", 4), Map.entry("HalfStorage", 2),
      Map.entry("BFloat16Storage", 2), Map.entry("LongStorage", 8), Map.entry("IntStorage", 4),
      Map.entry("ShortStorage", 2), Map.entry("CharStorage", 1), Map.entry("ByteStorage", 1),
      Map.entry("BoolStorage", 1), Map.entry("ComplexFloatStorage", 8),
      Map.entry("ComplexDoubleStorage", 16), Map.entry("QInt8Storage", 1),
      Map.entry("QUInt8Storage", 1), Map.entry("QInt32Storage", 4),
      Map.entry("QUInt4x2Storage", 1), Map.entry("QUInt2x4Storage", 1),
      Map.entry("UntypedStorage", 1));

  private LegacyStorageTypes() {}

  static Integer elementSize(String name) {
    return SIZES.get(name);
  }
}
