package dev.modelgate.format.torch;

import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.DType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The storages of a zip checkpoint: persistent id {@code ('storage', type, key, location,
 * numel)} names member {@code <top>/data/<key>} of the archive the scan read. torch writes
 * members stored, so a storage is a window of the scanned source and is later copied file to
 * file; a deflated member is inflated from that source to a spill when the tensors are taken.
 */
final class ZipStorages implements TorchCheckpoint.Storages {
  private static final int BYTE_ORDER_MAX = 16;
  private final ZipArchive z;
  private final String prefix;
  private final String pickleName;
  private final Budget budget;
  private final List<Closeable> opened = new ArrayList<>();
  /** The {@code byteorder} member's text, null when absent; or why it cannot be used. */
  private final @Nullable String byteOrder;
  private final @Nullable InvalidInputException byteOrderError;

  /**
   * Made by the scan, which reads {@code byteorder} here: it says how to read the tensor bytes,
   * and everything but those bytes is read while the file is scanned. A bad value fails the
   * conversion, not the scan (torch's own reader refuses it at load time).
   */
  ZipStorages(ZipArchive z, String prefix, String pickleName, Budget budget)
      throws IOException {
    this.z = z;
    this.prefix = prefix;
    this.pickleName = pickleName;
    this.budget = budget;
    String order = null;
    InvalidInputException error = null;
    try {
      order = readByteOrder();
    } catch (InvalidInputException e) {
      error = e;
    }
    this.byteOrder = order;
    this.byteOrderError = error;
  }

  @Override
  public TensorWalk.Resolver resolver() throws IOException {
    boolean big = bigEndian();
    Map<String, ByteSource> members = new HashMap<>();
    return (pid, at) -> {
      String where = pickleName + "@" + at;
      if (!(pid instanceof PickleValue.Tuple t) || t.items().size() != 5
          || !(t.items().get(0) instanceof PickleValue.Str kind)
          || !kind.text().equals("storage")
          || !(t.items().get(1) instanceof PickleValue.Global type)
          || !(t.items().get(2) instanceof PickleValue.Str key)
          || !(t.items().get(4) instanceof PickleValue.Int numel)) {
        throw new InvalidInputException("convert.persistent-id",
            "persistent id is not ('storage', type, key, location, numel)", where);
      }
      DType typed = TorchStorages.storageType(type, where);
      long elem = typed == null ? 1 : typed.size();
      long n = numel.longValue(-1);
      if (n < 0 || n > Long.MAX_VALUE / elem) {
        throw new InvalidInputException("convert.storage-size", "storage " + key.text()
            + " declares " + numel.value() + " elements", where);
      }
      ByteSource bytes = members.get(key.text());
      if (bytes == null) {
        bytes = member(prefix + "data/" + key.text(), where);
        members.put(key.text(), bytes);
      }
      if (n * elem > bytes.size()) {
        throw new InvalidInputException("convert.storage-size", "storage " + key.text()
            + " declares " + n * elem + " bytes but its member holds " + bytes.size(), where);
      }
      return new TensorWalk.Storage(key.text(), bytes.slice(0, n * elem), typed, big);
    };
  }

  private ByteSource member(String name, String where) throws IOException {
    ZipEntry e = z.entry(name).orElseThrow(() -> new InvalidInputException(
        "convert.missing-storage", "the checkpoint has no member " + name, where));
    ByteSource s = z.open(e, budget, name);
    opened.add(s);
    return s;
  }

  /** torch writes {@code byteorder} ("little" or "big") since 1.13; absent means little. */
  private boolean bigEndian() throws InvalidInputException {
    if (byteOrderError != null) {
      throw byteOrderError;
    }
    if (byteOrder == null) {
      return false;
    }
    return switch (byteOrder) {
      case "little" -> false;
      case "big" -> true;
      default -> throw new InvalidInputException("convert.byteorder", "byteorder member says '"
          + byteOrder + "'", prefix + "byteorder");
    };
  }

  private @Nullable String readByteOrder() throws IOException {
    Optional<ZipEntry> e = z.entry(prefix + "byteorder");
    if (e.isEmpty()) {
      return null;
    }
    String name = e.get().name();
    if (e.get().uncompressedSize() > BYTE_ORDER_MAX) {
      throw new InvalidInputException("zip.member-size", "member " + name + " declares "
          + e.get().uncompressedSize() + " bytes, more than the " + BYTE_ORDER_MAX
          + " read for metadata", name);
    }
    // opened, not readSmall: a CRC anomaly found here must not change the scan's findings
    try (ByteSource s = z.open(e.get(), budget, name)) {
      if (s.size() > BYTE_ORDER_MAX) {
        throw new InvalidInputException("zip.member-size", "member " + name
            + " is larger than " + BYTE_ORDER_MAX + " bytes", name);
      }
      return new String(s.bytes(0, (int) s.size()), StandardCharsets.US_ASCII).strip();
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Closeable c : opened) {
      try {
        c.close();
      } catch (IOException x) {
        first = first == null ? x : first;
      }
    }
    opened.clear();
    if (first != null) {
      throw first;
    }
  }
}
