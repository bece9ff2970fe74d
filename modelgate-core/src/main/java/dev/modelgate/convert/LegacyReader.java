package dev.modelgate.convert;

import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Legacy {@code torch.save(..., _use_new_zipfile_serialization=False)} files: five pickles
 * (magic, protocol, sys_info, the object, the storage keys), then each storage in key order as
 * an 8-byte little-endian element count and its raw bytes. Persistent ids are
 * {@code ('storage', type, root_key, location, numel, view_metadata)}, where a view names
 * {@code (view_key, offset, numel)} inside its root.
 */
final class LegacyReader {
  private LegacyReader() {}

  static TensorSet read(ByteSource src) throws IOException {
    long pos = 0;
    PickleDescription[] d = new PickleDescription[5];
    for (int k = 0; k < d.length; k++) {
      d[k] = PickleScanner.describe(src, pos, "pickle " + k);
      if (!d[k].cleanEnd()) {
        throw new InvalidInputException("convert.pickle", "legacy checkpoint pickle " + k
            + " does not end cleanly", "@" + pos);
      }
      pos = d[k].end();
    }
    boolean big = bigEndian(d[2].result());
    Map<String, DType> types = new HashMap<>();
    for (PickleValue.PersistentRef ref : d[3].persistentIds()) {
      Pid p = pid(ref.pid(), "@" + ref.offset());
      DType prev = types.putIfAbsent(p.key, p.type);
      if (prev != null && prev != p.type) {
        throw new InvalidInputException("convert.storage-type", "storage " + p.key
            + " is named with two types", "@" + ref.offset());
      }
    }
    if (!(d[4].result() instanceof PickleValue.ListV keys)) {
      throw new InvalidInputException("convert.storage-keys", "the storage keys pickle is not a"
          + " list", "@" + d[4].start());
    }
    Map<String, ByteSource> storages = new HashMap<>();
    SourceReader in = new SourceReader(src, pos, "convert", "");
    for (PickleValue v : keys.items()) {
      String key = v instanceof PickleValue.Str s ? s.text() : null;
      DType type = key == null ? null : types.get(key);
      if (type == null || storages.containsKey(key)) {
        throw new InvalidInputException("convert.storage-keys", "storage key " + v
            + " names no storage of the object pickle, or repeats", "@" + d[4].start());
      }
      long at = in.position();
      long count = in.u64();
      if (count < 0 || count > in.remaining() / type.size()) {
        throw new InvalidInputException("convert.storage-size", "storage " + key + " declares "
            + Long.toUnsignedString(count) + " elements, more than the file holds", "@" + at);
      }
      storages.put(key, src.slice(in.position(), count * type.size()));
      in.skip(count * type.size());
    }
    PickleTensors.Result r = PickleTensors.extract(d[3].result(), (pidValue, at) -> {
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
      return new PickleTensors.Storage(p.key + (p.viewOffset >= 0 ? "+" + p.viewOffset : ""),
          bytes, p.type, big);
    });
    List<Tensor> tensors = new ArrayList<>();
    for (PickleTensors.Found f : r.tensors()) {
      tensors.add(PickleTensors.toTensor(f));
    }
    return new TensorSet("pytorch-legacy", tensors, r.skipped(), List.of());
  }

  /** sys_info's {@code little_endian} entry; storages are in the writer's byte order. */
  static boolean bigEndian(PickleValue sysInfo) {
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
    DType dtype = TorchZipReader.storageType(type, where);
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
