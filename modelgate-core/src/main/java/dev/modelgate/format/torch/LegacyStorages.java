package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.DType;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The storages of a legacy {@code torch.save(..., _use_new_zipfile_serialization=False)} file:
 * after the five pickles (magic, protocol, sys_info, the object, the storage keys) each storage
 * follows in key order as an 8-byte little-endian element count and its raw bytes. The scan
 * found where each record is ({@link Record}); persistent ids are
 * {@code ('storage', type, root_key, location, numel, view_metadata)}, where a view names
 * {@code (view_key, offset, numel)} inside its root.
 */
final class LegacyStorages implements TorchCheckpoint.Storages {
  private final ByteSource src;
  private final PickleDescription[] pickles;
  private final List<Record> records;

  /**
   * One storage record as the scan walked it.
   *
   * @param countAt offset of its element count
   * @param count elements it declares (checked against the file by the scan)
   * @param dataAt offset of its first byte
   */
  @SuppressWarnings("AvoidCommonTypeNames") // the legacy format's own name; always qualified
  record Record(long countAt, long count, long dataAt) {}

  LegacyStorages(ByteSource src, PickleDescription[] pickles, List<Record> records) {
    this.src = src;
    this.pickles = pickles.clone();
    this.records = List.copyOf(records);
  }

  @Override
  public TensorWalk.Resolver resolver() throws IOException {
    for (int k = 0; k < pickles.length; k++) {
      if (!pickles[k].cleanEnd()) {
        throw new InvalidInputException("convert.pickle", "legacy checkpoint pickle " + k
            + " does not end cleanly", "@" + pickles[k].start());
      }
    }
    boolean big = bigEndian(pickles[2].result());
    Map<String, ByteSource> storages = storages(types(pickles[3]), pickles[4]);
    return (pidValue, at) -> {
      Pid p = pid(pidValue, "@" + at);
      ByteSource root = storages.get(p.key);
      if (root == null) {
        throw new InvalidInputException("convert.missing-storage", "storage " + p.key
            + " has no data record", "@" + at);
      }
      long es = p.type.size();
      ByteSource bytes = root;
      if (p.viewOffset >= 0) {
        if (p.viewOffset > root.size() / es || p.viewNumel > root.size() / es - p.viewOffset) {
          throw new InvalidInputException("convert.storage-view", "storage view outside its"
              + " root storage " + p.key, "@" + at);
        }
        bytes = root.slice(p.viewOffset * es, p.viewNumel * es);
      }
      return new TensorWalk.Storage(p.key + (p.viewOffset >= 0 ? "+" + p.viewOffset : ""),
          bytes, p.type, big);
    };
  }

  /** The element type of every storage key the object pickle names, one per key. */
  private static Map<String, DType> types(PickleDescription main) throws InvalidInputException {
    Map<String, DType> types = new HashMap<>();
    for (PickleValue.PersistentRef ref : main.persistentIds()) {
      Pid p = pid(ref.pid(), "@" + ref.offset());
      DType prev = types.putIfAbsent(p.key, p.type);
      if (prev != null && prev != p.type) {
        throw new InvalidInputException("convert.storage-type", "storage " + p.key
            + " is named with two types", "@" + ref.offset());
      }
    }
    return types;
  }

  /** Each key's bytes, from the records the scan walked in key order. */
  private Map<String, ByteSource> storages(Map<String, DType> types, PickleDescription keyList)
      throws InvalidInputException {
    if (!(keyList.result() instanceof PickleValue.ListV keys)
        || keys.items().size() != records.size()) {
      throw new InvalidInputException("convert.storage-keys", "the storage keys pickle is not a"
          + " list of the records that follow", "@" + keyList.start());
    }
    Map<String, ByteSource> out = new HashMap<>();
    for (int k = 0; k < records.size(); k++) {
      PickleValue v = keys.items().get(k);
      String key = v instanceof PickleValue.Str s ? s.text() : null;
      DType type = key == null ? null : types.get(key);
      if (type == null || out.containsKey(key)) {
        throw new InvalidInputException("convert.storage-keys", "storage key " + v
            + " names no storage of the object pickle, or repeats", "@" + keyList.start());
      }
      Record r = records.get(k);
      if (r.count() < 0 || r.count() > (src.size() - r.dataAt()) / type.size()) {
        throw new InvalidInputException("convert.storage-size", "storage " + key + " declares "
            + Long.toUnsignedString(r.count()) + " elements, more than the file holds",
            "@" + r.countAt());
      }
      out.put(key, src.slice(r.dataAt(), r.count() * type.size()));
    }
    return out;
  }

  /** sys_info's {@code little_endian} entry; storages are in the writer's byte order. */
  static boolean bigEndian(@Nullable PickleValue sysInfo) {
    return sysInfo instanceof PickleValue.Dict d
        && d.get("little_endian") instanceof PickleValue.Bool b && !b.value();
  }

  private record Pid(String key, DType type, long viewOffset, long viewNumel) {}

  private static Pid pid(PickleValue v, String where) throws InvalidInputException {
    if (!(v instanceof PickleValue.Tuple t) || t.items().size() != 6
        || !(t.items().get(0) instanceof PickleValue.Str kind) || !kind.text().equals("storage")
        || !(t.items().get(1) instanceof PickleValue.Global type)
        || !(t.items().get(2) instanceof PickleValue.Str key)) {
      throw new InvalidInputException("convert.persistent-id", "persistent id is not ('storage',"
          + " type, key, location, numel, view)", where);
    }
    DType dtype = TorchStorages.storageType(type, where);
    if (dtype == null) {
      throw new InvalidInputException("convert.storage-type", "legacy storage is untyped", where);
    }
    PickleValue view = t.items().get(5);
    if (view instanceof PickleValue.None) {
      return new Pid(key.text(), dtype, -1, -1);
    }
    if (view instanceof PickleValue.Tuple vt && vt.items().size() == 3
        && vt.items().get(1) instanceof PickleValue.Int off
        && vt.items().get(2) instanceof PickleValue.Int n
        && off.longValue(-1) >= 0 && n.longValue(-1) >= 0) {
      return new Pid(key.text(), dtype, off.longValue(-1), n.longValue(-1));
    }
    throw new InvalidInputException("convert.storage-view", "storage view metadata is not"
        + " (key, offset, numel)", where);
  }
}
