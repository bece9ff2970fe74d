package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleValue;
import java.util.List;
import java.util.Map;

/**
 * Torch storage types and the persistent ids that name them:
 * {@code ('storage', torch.FloatStorage, '<key>', '<location>', <numel>)}.
 */
final class TorchStorages {
  private TorchStorages() {}

  /** Bytes per element of each storage class {@code torch.<Name>Storage}. */
  private static final Map<String, Integer> ELEMENT_SIZE = Map.ofEntries(
      Map.entry("DoubleStorage", 8), Map.entry("FloatStorage", 4), Map.entry("HalfStorage", 2),
      Map.entry("BFloat16Storage", 2), Map.entry("LongStorage", 8), Map.entry("IntStorage", 4),
      Map.entry("ShortStorage", 2), Map.entry("CharStorage", 1), Map.entry("ByteStorage", 1),
      Map.entry("BoolStorage", 1), Map.entry("ComplexFloatStorage", 8),
      Map.entry("ComplexDoubleStorage", 16), Map.entry("QInt8Storage", 1),
      Map.entry("QUInt8Storage", 1), Map.entry("QInt32Storage", 4),
      Map.entry("QUInt4x2Storage", 1), Map.entry("QUInt2x4Storage", 1),
      Map.entry("UntypedStorage", 1), Map.entry("Float8_e4m3fnStorage", 1),
      Map.entry("Float8_e5m2Storage", 1), Map.entry("Float8_e4m3fnuzStorage", 1),
      Map.entry("Float8_e5m2fnuzStorage", 1), Map.entry("UInt16Storage", 2),
      Map.entry("UInt32Storage", 4), Map.entry("UInt64Storage", 8));

  /** Element size of a storage class such as {@code torch.FloatStorage}; -1 when unknown. */
  static int elementSize(PickleValue type) {
    if (type instanceof PickleValue.Global g && g.module().startsWith("torch")) {
      return ELEMENT_SIZE.getOrDefault(g.name(), -1);
    }
    return -1;
  }

  /**
   * A storage reference read from a persistent id.
   *
   * @param numel elements declared, -1 when not an integer
   */
  record Ref(String key, PickleValue type, long numel, long offset) {}

  /** The storage a persistent id names, or null when it does not have torch's shape. */
  static Ref parse(PickleValue.PersistentRef p) {
    if (!(p.pid() instanceof PickleValue.Tuple t)) {
      return null;
    }
    List<PickleValue> items = t.items();
    if (items.size() != 5 || !(items.get(0) instanceof PickleValue.Str kind)
        || !kind.text().equals("storage") || !(items.get(2) instanceof PickleValue.Str key)) {
      return null;
    }
    long numel = items.get(4) instanceof PickleValue.Int n ? n.longValue(-1) : -1;
    return new Ref(key.text(), items.get(1), numel, p.offset());
  }

  /**
   * A legacy (non-zip) storage id {@code ('storage', type, key, location, numel, view_metadata)};
   * null unless {@code view_metadata} is None, since a storage view's elements are counted from
   * the view, not from the root storage this id sizes.
   */
  static Ref parseLegacy(PickleValue.PersistentRef p) {
    if (!(p.pid() instanceof PickleValue.Tuple t) || t.items().size() != 6
        || !(t.items().get(5) instanceof PickleValue.None)) {
      return null;
    }
    List<PickleValue> five = t.items().subList(0, 5);
    return parse(new PickleValue.PersistentRef(new PickleValue.Tuple(five), p.offset()));
  }

  /** Storage keys are small integers or identifiers; anything else could name another member. */
  static boolean plainKey(String key) {
    return !key.isEmpty() && key.length() <= 64 && key.chars().allMatch(
        c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_');
  }
}
