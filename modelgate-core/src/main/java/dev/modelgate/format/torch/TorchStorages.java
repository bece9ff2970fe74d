package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.DType;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Torch storage types and the persistent ids that name them:
 * {@code ('storage', torch.FloatStorage, '<key>', '<location>', <numel>)}.
 */
final class TorchStorages {
  private TorchStorages() {}

  /**
   * Bytes per element of the storage classes {@code torch.<Name>Storage} that have no
   * {@link DType} (quantised, untyped, the fnuz float8 types); the rest come from DType.
   */
  private static final Map<String, Integer> TORCH_ONLY = Map.of("ComplexDoubleStorage", 16,
      "QInt8Storage", 1, "QUInt8Storage", 1, "QInt32Storage", 4, "QUInt4x2Storage", 1,
      "QUInt2x4Storage", 1, "UntypedStorage", 1, "Float8_e4m3fnuzStorage", 1,
      "Float8_e5m2fnuzStorage", 1);

  /** Element size of a storage class such as {@code torch.FloatStorage}; -1 when unknown. */
  static int elementSize(PickleValue type) {
    if (type instanceof PickleValue.Global g && g.module().startsWith("torch")) {
      return DType.ofStorageClass(g.name()).map(DType::size)
          .orElseGet(() -> TORCH_ONLY.getOrDefault(g.name(), -1));
    }
    return -1;
  }

  /**
   * The element type of a typed storage class ({@code torch.FloatStorage}) for extraction; null
   * for {@code UntypedStorage}, whose tensors name their dtype.
   *
   * @throws InvalidInputException when it is no torch storage or has no safetensors dtype
   */
  static @Nullable DType storageType(PickleValue.Global type, String where)
      throws InvalidInputException {
    if (!type.module().startsWith("torch")) {
      throw new InvalidInputException("convert.storage-type", "storage type "
          + type.qualified() + " is not a torch storage", where);
    }
    if (type.name().equals("UntypedStorage")) {
      return null;
    }
    return DType.ofStorageClass(type.name()).orElseThrow(() -> new InvalidInputException(
        "convert.unsupported-dtype", "storage type " + type.qualified()
            + " has no safetensors dtype", where));
  }

  /**
   * A storage reference read from a persistent id.
   *
   * @param numel elements declared, -1 when not an integer
   */
  record Ref(String key, PickleValue type, long numel, long offset) {}

  /** The storage a persistent id names, or null when it does not have torch's shape. */
  static @Nullable Ref parse(PickleValue.PersistentRef p) {
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
  static @Nullable Ref parseLegacy(PickleValue.PersistentRef p) {
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
        c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || c == '_');
  }
}
