package dev.modelgate.convert;

import dev.modelgate.format.torch.TorchZipFlavour;
import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tensors of a {@code torch.save} zip checkpoint: {@code <top>/data.pkl} names storages by
 * persistent id {@code ('storage', type, key, location, numel)}; storage {@code key}'s bytes are
 * member {@code <top>/data/<key>}. torch writes members stored, so a storage is a window of the
 * file and its bytes are later copied file to file; a deflated member is inflated to a spill.
 */
final class TorchZipReader {
  private TorchZipReader() {}

  static TensorSet read(ByteSource file, Budget budget) throws IOException {
    ZipArchive z = ZipArchive.read(file, Limits.DEFAULT);
    String top = TorchZipFlavour.top(z).orElseThrow(() -> new InvalidInputException("convert.not-torch",
        "zip file has no <folder>/data.pkl member, so it is not a PyTorch checkpoint", ""));
    String prefix = top + "/";
    List<Closeable> resources = new ArrayList<>();
    boolean ok = false;
    try {
      ZipEntry pklEntry = z.entry(prefix + "data.pkl").orElseThrow();
      ByteSource pkl = z.open(pklEntry, budget, pklEntry.name());
      resources.add(pkl);
      PickleDescription d = PickleScanner.describe(pkl, 0, pklEntry.name());
      if (!d.cleanEnd()) {
        throw new InvalidInputException("convert.pickle", "data.pkl does not end cleanly: "
            + (d.error() == null ? "no STOP" : d.error().message()), pklEntry.name());
      }
      boolean big = bigEndian(z, prefix, budget);
      Map<String, ByteSource> members = new HashMap<>();
      PickleTensors.Resolver resolver = (pid, at) -> {
        String where = pklEntry.name() + "@" + at;
        if (!(pid instanceof PickleValue.Tuple t) || t.items().size() != 5
            || !(t.items().get(0) instanceof PickleValue.Str kind)
            || !kind.text().equals("storage")
            || !(t.items().get(1) instanceof PickleValue.Global type)
            || !(t.items().get(2) instanceof PickleValue.Str key)
            || !(t.items().get(4) instanceof PickleValue.Int numel)) {
          throw new InvalidInputException("convert.persistent-id",
              "persistent id is not ('storage', type, key, location, numel)", where);
        }
        DType typed = storageType(type, where);
        long elem = typed == null ? 1 : typed.size();
        long n = numel.longValue(-1);
        if (n < 0 || n > Long.MAX_VALUE / elem) {
          throw new InvalidInputException("convert.storage-size", "storage " + key.text()
              + " declares " + numel.value() + " elements", where);
        }
        ByteSource bytes = members.get(key.text());
        if (bytes == null) {
          bytes = member(z, prefix + "data/" + key.text(), budget, where, resources);
          members.put(key.text(), bytes);
        }
        if (n * elem > bytes.size()) {
          throw new InvalidInputException("convert.storage-size", "storage " + key.text()
              + " declares " + n * elem + " bytes but its member holds " + bytes.size(), where);
        }
        return new PickleTensors.Storage(key.text(), bytes.slice(0, n * elem), typed, big);
      };
      PickleTensors.Result r = PickleTensors.extract(d.result(), resolver);
      List<Tensor> tensors = new ArrayList<>();
      for (PickleTensors.Found f : r.tensors()) {
        tensors.add(PickleTensors.toTensor(f));
      }
      ok = true;
      return new TensorSet("pytorch-zip", tensors, r.skipped(), resources);
    } finally {
      if (!ok) {
        new TensorSet("", List.of(), 0, resources).close();
      }
    }
  }

  /** A typed storage class ({@code torch.FloatStorage}) or null for {@code UntypedStorage}. */
  static DType storageType(PickleValue.Global type, String where) throws InvalidInputException {
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

  private static ByteSource member(ZipArchive z, String name, Budget budget, String where,
      List<Closeable> resources) throws IOException {
    ZipEntry e = z.entry(name).orElseThrow(() -> new InvalidInputException(
        "convert.missing-storage", "the checkpoint has no member " + name, where));
    ByteSource s = z.open(e, budget, name);
    resources.add(s);
    return s;
  }

  /** torch writes {@code byteorder} ("little" or "big") since 1.13; absent means little. */
  private static boolean bigEndian(ZipArchive z, String prefix, Budget budget) throws IOException {
    Optional<ZipEntry> e = z.entry(prefix + "byteorder");
    if (e.isEmpty()) {
      return false;
    }
    String order = new String(z.readSmall(e.get(), budget, 16, e.get().name()),
        StandardCharsets.US_ASCII).strip();
    return switch (order) {
      case "little" -> false;
      case "big" -> true;
      default -> throw new InvalidInputException("convert.byteorder", "byteorder member says '"
          + order + "'", e.get().name());
    };
  }
}
