package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.DType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The storages and tensors of PyTorch's oldest format, a TAR of {@code sys_info},
 * {@code storages}, {@code tensors} and {@code pickle}, as torch's {@code _legacy_load} reads it
 * and as {@link TorchTarFlavour} walked it. {@code storages}: a count pickle, then per storage a
 * {@code (key, location, storage_type)} pickle, an 8-byte element count and the bytes, then a
 * pickle listing views {@code (view_key, root_key, offset, numel)}. {@code tensors}: a count
 * pickle, then per tensor a {@code (key, storage_key, tensor_type)} pickle and binary
 * {@code ndim, pad, sizes, strides, storage_offset}. {@code pickle} refers to tensors by key as
 * persistent ids. Each member's first occurrence counts, as for {@code tar.entry(name)}.
 */
final class TarStorages implements TorchCheckpoint.Storages {
  private @Nullable PickleDescription sysInfo;
  private @Nullable PickleDescription pickle;
  private @Nullable Records storages;
  private @Nullable Records tensors;

  /** One storage record: its header pickle's value, where it is, and its data. */
  record StorageRecord(@Nullable PickleValue header, long at, long numelAt, long numel,
      long dataAt) {}

  /** One tensor record: its header pickle's value, where it is, and its view. */
  @SuppressWarnings("ArrayRecordComponent") // read once by the converter, never compared
  record TensorRecord(@Nullable PickleValue header, long at, long[] size, long[] stride,
      long offset) {}

  /** What the scan read of the {@code storages} or {@code tensors} member. */
  static final class Records {
    final ByteSource member;
    long count = -1;
    long countAt;
    final List<StorageRecord> storages = new ArrayList<>();
    final List<TensorRecord> tensors = new ArrayList<>();
    @Nullable PickleDescription views;
    long viewsAt;

    Records(ByteSource member) {
      this.member = member;
    }
  }

  /** Keeps a pickle member ({@code pickle}, {@code sys_info}) the scan analysed. */
  void pickle(String member, PickleDescription d) {
    if (member.equals("pickle") && pickle == null) {
      pickle = d;
    } else if (member.equals("sys_info") && sysInfo == null) {
      sysInfo = d;
    }
  }

  /** Where the scan records member {@code name}; null when an earlier one was recorded. */
  @Nullable Records records(String name, ByteSource member) {
    if (name.equals("storages") && storages == null) {
      storages = new Records(member);
      return storages;
    }
    if (name.equals("tensors") && tensors == null) {
      tensors = new Records(member);
      return tensors;
    }
    return null;
  }

  /** The object pickle, or null when the archive had none the scan could read. */
  @Nullable PickleDescription objects() {
    return pickle;
  }

  private record Storage(ByteSource bytes, DType type) {}

  @Override
  public TensorWalk.Resolver resolver() throws IOException {
    boolean big = sysInfo != null && LegacyStorages.bigEndian(sysInfo.result());
    Map<String, Storage> byKey = storages(require(storages, "storages"));
    Map<String, TensorWalk.Found> found = tensors(require(tensors, "tensors"), byKey, big);
    return new TensorWalk.Resolver() {
      @Override
      public TensorWalk.Storage resolve(PickleValue pid, long offset) throws IOException {
        throw new InvalidInputException("convert.persistent-id", "legacy TAR pickles name"
            + " tensors, not storages", "pickle@" + offset);
      }

      @Override
      public TensorWalk.Found tensor(PickleValue pid, String name, long offset)
          throws IOException {
        TensorWalk.Found f = found.get(key(pid));
        if (f == null) {
          throw new InvalidInputException("convert.missing-tensor", "the pickle names tensor "
              + key(pid) + ", which the tensors member does not hold", "pickle@" + offset);
        }
        return new TensorWalk.Found(name, f.storage(), f.dtype(), f.offset(), f.size(),
            f.stride());
      }
    };
  }

  private static Records require(@Nullable Records r, String name) throws InvalidInputException {
    if (r == null) {
      throw new InvalidInputException("convert.tar-member", "legacy TAR has no member " + name,
          "");
    }
    if (r.count < 0 || r.count != r.storages.size() + r.tensors.size()) {
      throw new InvalidInputException("convert.tar-count", "the " + name + " member's records"
          + " were not all read", name + "@" + r.countAt);
    }
    return r;
  }

  private static Map<String, Storage> storages(Records m) throws IOException {
    Map<String, Storage> out = new HashMap<>();
    for (int k = 0; k < m.storages.size(); k++) {
      StorageRecord s = m.storages.get(k);
      if (!(s.header() instanceof PickleValue.Tuple t) || t.items().size() != 3
          || !(t.items().get(2) instanceof PickleValue.Global type)) {
        throw new InvalidInputException("convert.tar-storage", "storage record " + k
            + " is not (key, location, storage_type)", "storages@" + s.at());
      }
      DType dtype = TorchStorages.storageType(type, "storages@" + s.at());
      if (dtype == null) {
        throw new InvalidInputException("convert.storage-type", "untyped legacy storage",
            "storages@" + s.at());
      }
      if (s.numel() < 0 || s.numel() > (m.member.size() - s.dataAt()) / dtype.size()) {
        throw new InvalidInputException("convert.storage-size", "storage record " + k
            + " declares more elements than the member holds", "storages@" + s.numelAt());
      }
      out.put(key(t.items().get(0)), new Storage(m.member.slice(s.dataAt(),
          s.numel() * dtype.size()), dtype));
    }
    if (m.views != null && m.views.result() instanceof PickleValue.ListV l) {
      for (PickleValue v : l.items()) {
        view(v, out, m.viewsAt);
      }
    }
    return out;
  }

  private static void view(PickleValue v, Map<String, Storage> out, long at)
      throws InvalidInputException {
    Storage root = v instanceof PickleValue.Tuple t && t.items().size() == 4
        ? out.get(key(t.items().get(1))) : null;
    if (root == null || !(v instanceof PickleValue.Tuple t)
        || !(t.items().get(2) instanceof PickleValue.Int off)
        || !(t.items().get(3) instanceof PickleValue.Int n)) {
      throw new InvalidInputException("convert.storage-view", "storage view is not (key, root,"
          + " offset, numel) over a known storage", "storages@" + at);
    }
    long es = root.type().size();
    long o = off.longValue(-1);
    long c = n.longValue(-1);
    if (o < 0 || c < 0 || o > root.bytes().size() / es || c > root.bytes().size() / es - o) {
      throw new InvalidInputException("convert.storage-view", "storage view outside its root",
          "storages@" + at);
    }
    out.put(key(t.items().get(0)), new Storage(root.bytes().slice(o * es, c * es), root.type()));
  }

  private static Map<String, TensorWalk.Found> tensors(Records m, Map<String, Storage> storages,
      boolean big) throws InvalidInputException {
    Map<String, TensorWalk.Found> out = new HashMap<>();
    for (int k = 0; k < m.tensors.size(); k++) {
      TensorRecord r = m.tensors.get(k);
      if (!(r.header() instanceof PickleValue.Tuple t) || t.items().size() != 3) {
        throw new InvalidInputException("convert.tar-tensor", "tensor record " + k
            + " is not (key, storage_key, type)", "tensors@" + r.at());
      }
      String storageKey = key(t.items().get(1));
      Storage s = storages.get(storageKey);
      if (s == null) {
        throw new InvalidInputException("convert.missing-storage", "tensor record " + k
            + " names storage " + storageKey + ", which storages does not hold",
            "tensors@" + r.at());
      }
      out.put(key(t.items().get(0)), new TensorWalk.Found("", new TensorWalk.Storage(
          storageKey, s.bytes(), s.type(), big), s.type(), r.offset(), r.size(), r.stride()));
    }
    return out;
  }

  /** Keys are ints or strings in different torch versions; compared as text. */
  private static String key(PickleValue v) {
    return switch (v) {
      case PickleValue.Int i -> i.value().toString();
      case PickleValue.Str s -> s.text();
      default -> String.valueOf(v);
    };
  }
}
