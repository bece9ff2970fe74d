package dev.modelgate.convert;

import dev.modelgate.format.archive.TarArchive;
import dev.modelgate.format.archive.TarEntry;
import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.io.SourceReader;
import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's oldest format, a TAR of {@code sys_info}, {@code storages}, {@code tensors} and
 * {@code pickle}, read as torch's {@code _legacy_load} reads it. {@code storages}: a count pickle,
 * then per storage a {@code (key, location, storage_type)} pickle, an 8-byte element count and the
 * bytes, then a pickle listing views {@code (view_key, root_key, offset, numel)}. {@code tensors}:
 * a count pickle, then per tensor a {@code (key, storage_key, tensor_type)} pickle and binary
 * {@code ndim, pad, sizes, strides, storage_offset}. {@code pickle} refers to tensors by key as
 * persistent ids.
 */
final class LegacyTarReader {
  private static final int MAX_DIMS = 64;

  private LegacyTarReader() {}

  private record Storage(ByteSource bytes, DType type) {}

  static TensorSet read(ByteSource src) throws IOException {
    TarArchive tar = TarArchive.read(src, Limits.DEFAULT);
    boolean big = false;
    if (tar.entry("sys_info").isPresent()) {
      big = LegacyReader.bigEndian(PickleScanner.describe(open(tar, "sys_info"), 0, "sys_info")
          .result());
    }
    Map<String, Storage> storages = storages(open(tar, "storages"));
    Map<String, PickleTensors.Found> byKey = tensors(open(tar, "tensors"), storages, big);
    ByteSource pkl = open(tar, "pickle");
    PickleDescription d = clean(PickleScanner.describe(pkl, 0, "pickle"), "pickle");
    PickleTensors.Result r = PickleTensors.extract(d.result(), new PickleTensors.Resolver() {
      @Override
      public PickleTensors.Storage resolve(PickleValue pid, long offset) throws IOException {
        throw new InvalidInputException("convert.persistent-id", "legacy TAR pickles name"
            + " tensors, not storages", "pickle@" + offset);
      }

      @Override
      public PickleTensors.Found tensor(PickleValue pid, String name, long offset)
          throws IOException {
        PickleTensors.Found f = byKey.get(key(pid));
        if (f == null) {
          throw new InvalidInputException("convert.missing-tensor", "the pickle names tensor "
              + key(pid) + ", which the tensors member does not hold", "pickle@" + offset);
        }
        return new PickleTensors.Found(name, f.storage(), f.dtype(), f.offset(), f.size(),
            f.stride());
      }
    });
    List<Tensor> tensors = new ArrayList<>();
    for (PickleTensors.Found f : r.tensors()) {
      tensors.add(PickleTensors.toTensor(f));
    }
    return new TensorSet("pytorch-tar", tensors, r.skipped(), List.of());
  }

  private static ByteSource open(TarArchive tar, String name) throws InvalidInputException {
    TarEntry e = tar.entry(name).filter(TarEntry::isRegular).orElseThrow(() ->
        new InvalidInputException("convert.tar-member", "legacy TAR has no member " + name, ""));
    return tar.open(e);
  }

  private static Map<String, Storage> storages(ByteSource m) throws IOException {
    PickleDescription count = clean(PickleScanner.describe(m, 0, "storages"), "storages");
    long n = count(count, m);
    Map<String, Storage> out = new HashMap<>();
    long at = count.end();
    for (long k = 0; k < n; k++) {
      PickleDescription h = clean(PickleScanner.describe(m, at, "storages"), "storages");
      if (!(h.result() instanceof PickleValue.Tuple t) || t.items().size() != 3
          || !(t.items().get(2) instanceof PickleValue.Global type)) {
        throw new InvalidInputException("convert.tar-storage", "storage record " + k
            + " is not (key, location, storage_type)", "storages@" + at);
      }
      DType dtype = TorchZipReader.storageType(type, "storages@" + at);
      if (dtype == null) {
        throw new InvalidInputException("convert.storage-type", "untyped legacy storage",
            "storages@" + at);
      }
      SourceReader r = new SourceReader(m, h.end(), "convert", "storages");
      long numel = r.u64();
      if (numel < 0 || numel > r.remaining() / dtype.size()) {
        throw new InvalidInputException("convert.storage-size", "storage record " + k
            + " declares more elements than the member holds", r.at(h.end()));
      }
      out.put(key(t.items().get(0)), new Storage(m.slice(r.position(), numel * dtype.size()),
          dtype));
      r.skip(numel * dtype.size());
      at = r.position();
    }
    if (at < m.size()) {
      // the storage views: (view_key, root_key, offset, numel) over a root storage
      PickleDescription views = clean(PickleScanner.describe(m, at, "storages"), "storages");
      if (views.result() instanceof PickleValue.ListV l) {
        for (PickleValue v : l.items()) {
          view(v, out, at);
        }
      }
    }
    return out;
  }

  private static void view(PickleValue v, Map<String, Storage> out, long at)
      throws InvalidInputException {
    if (!(v instanceof PickleValue.Tuple t) || t.items().size() != 4
        || !(t.items().get(2) instanceof PickleValue.Int off)
        || !(t.items().get(3) instanceof PickleValue.Int n)
        || !out.containsKey(key(t.items().get(1)))) {
      throw new InvalidInputException("convert.storage-view", "storage view is not (key, root,"
          + " offset, numel) over a known storage", "storages@" + at);
    }
    Storage root = out.get(key(t.items().get(1)));
    long es = root.type().size();
    long o = off.longValue(-1);
    long c = n.longValue(-1);
    if (o < 0 || c < 0 || o > root.bytes().size() / es || c > root.bytes().size() / es - o) {
      throw new InvalidInputException("convert.storage-view", "storage view outside its root",
          "storages@" + at);
    }
    out.put(key(t.items().get(0)), new Storage(root.bytes().slice(o * es, c * es), root.type()));
  }

  private static Map<String, PickleTensors.Found> tensors(ByteSource m,
      Map<String, Storage> storages, boolean big) throws IOException {
    PickleDescription count = clean(PickleScanner.describe(m, 0, "tensors"), "tensors");
    long n = count(count, m);
    Map<String, PickleTensors.Found> out = new HashMap<>();
    long at = count.end();
    for (long k = 0; k < n; k++) {
      PickleDescription h = clean(PickleScanner.describe(m, at, "tensors"), "tensors");
      if (!(h.result() instanceof PickleValue.Tuple t) || t.items().size() != 3) {
        throw new InvalidInputException("convert.tar-tensor", "tensor record " + k
            + " is not (key, storage_key, type)", "tensors@" + at);
      }
      String storageKey = key(t.items().get(1));
      Storage s = storages.get(storageKey);
      if (s == null) {
        throw new InvalidInputException("convert.missing-storage", "tensor record " + k
            + " names storage " + storageKey + ", which storages does not hold", "tensors@" + at);
      }
      SourceReader r = new SourceReader(m, h.end(), "convert", "tensors");
      int ndim = r.i32();
      if (ndim < 0 || ndim > MAX_DIMS) {
        throw new InvalidInputException("convert.tensor-dims", "tensor record " + k + " has "
            + ndim + " dimensions", r.at(h.end()));
      }
      r.skip(4); // old writers stored ndim as 8 bytes
      long[] size = new long[ndim];
      long[] stride = new long[ndim];
      for (int i = 0; i < ndim; i++) {
        size[i] = r.u64();
      }
      for (int i = 0; i < ndim; i++) {
        stride[i] = r.u64();
      }
      long offset = r.u64();
      out.put(key(t.items().get(0)), new PickleTensors.Found("", new PickleTensors.Storage(
          storageKey, s.bytes(), s.type(), big), s.type(), offset, size, stride));
      at = r.position();
    }
    return out;
  }

  private static long count(PickleDescription d, ByteSource m) throws InvalidInputException {
    long n = d.result() instanceof PickleValue.Int i ? i.longValue(-1) : -1;
    if (n < 0 || n > m.size()) {
      throw new InvalidInputException("convert.tar-count", "record count is not a plausible"
          + " integer", "@" + d.start());
    }
    return n;
  }

  private static PickleDescription clean(PickleDescription d, String member)
      throws InvalidInputException {
    if (!d.cleanEnd()) {
      throw new InvalidInputException("convert.pickle", "a pickle in " + member
          + " does not end cleanly", member + "@" + d.start());
    }
    return d;
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
