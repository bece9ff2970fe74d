package dev.modelgate.format.torch;

import dev.modelgate.format.archive.TarArchive;
import dev.modelgate.format.archive.TarEntry;
import dev.modelgate.format.archive.TarFlavour;
import dev.modelgate.format.archive.TarHandler;
import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * PyTorch's legacy TAR checkpoint (members {@code sys_info}, {@code pickle}, {@code storages},
 * {@code tensors}). torch.load still reads it, and it bypassed {@code weights_only=True}
 * (CVE-2025-32434), so every pickle in it is analysed: the whole {@code pickle} and
 * {@code sys_info} members, and the small pickles that head each record of {@code storages}
 * (count, then {@code (key, location, storage_type)} + element count + raw bytes, which are
 * skipped, never read) and {@code tensors} (count, then {@code (key, storage_id, type)} + shape).
 */
public final class TorchTarFlavour implements TarFlavour {
  private static final Set<String> MEMBERS = Set.of("sys_info", "pickle", "storages", "tensors");
  /** Dimensions of one legacy tensor record; torch itself allows 64. */
  private static final int MAX_DIMS = 64;

  @Override
  public String format() {
    return "pytorch-tar";
  }

  @Override
  public boolean claims(TarArchive t) {
    return t.entry("pickle").isPresent() && t.entry("storages").isPresent()
        && t.entry("sys_info").isPresent();
  }

  @Override
  public void scan(ScanContext ctx, TarArchive t) throws IOException {
    TarStorages described = ctx.describing() ? new TarStorages() : null;
    for (TarEntry e : t.entries()) {
      String where = "@" + e.headerOffset();
      if (!MEMBERS.contains(e.name()) || !e.isRegular()) {
        ctx.suspicious("torch.tar-extra-member", "legacy torch checkpoint has an unexpected"
            + " member " + e.name(), where, "");
        continue;
      }
      try (ByteSource m = t.open(e)) {
        TarStorages.Records rec = described == null ? null : described.records(e.name(), m);
        switch (e.name()) {
          case "pickle", "sys_info" -> {
            PickleDescription d = PickleScanner.analyse(ctx, m, 0, e.name());
            if (described != null) {
              described.pickle(e.name(), d);
            }
          }
          case "storages" -> records(ctx, m, "storages", true, rec);
          default -> records(ctx, m, "tensors", false, rec);
        }
      } catch (InvalidInputException x) {
        ctx.invalid(x.rule(), x.getMessage(), x.location());
      }
    }
    // Names and links still matter: torch extracts members into a temporary folder.
    TarHandler.checkNames(ctx, t);
    if (described != null && described.objects() != null) {
      ctx.describe(new TorchCheckpoint(TorchCheckpoint.Layout.TAR, described.objects(), "pickle",
          described));
    }
  }

  /**
   * A count pickle, then per record a header pickle followed by binary data that is skipped; a
   * described scan keeps where each record is in {@code rec} (else null).
   */
  private static void records(ScanContext ctx, ByteSource m, String name, boolean storages,
      TarStorages.@Nullable Records rec) throws IOException {
    PickleDescription count = PickleScanner.analyseOne(ctx, m, 0, name);
    if (!count.cleanEnd()) {
      return;
    }
    long n = count.result() instanceof PickleValue.Int i ? i.longValue(-1) : -1;
    if (n < 0 || n > m.size()) {
      ctx.invalid("torch.tar-record-count", name + " declares " + n + " records",
          name + "@" + count.start());
      return;
    }
    if (rec != null) {
      rec.count = n;
      rec.countAt = count.start();
    }
    long at = count.end();
    for (long k = 0; k < n; k++) {
      PickleDescription header = PickleScanner.analyseOne(ctx, m, at, name);
      if (!header.cleanEnd()) {
        return;
      }
      SourceReader r = new SourceReader(m, header.end(), "torch", name);
      if (storages) {
        long numel = r.u64();
        int elem = storageElementSize(header.result());
        if (elem < 0) {
          ctx.invalid("torch.storage-type", "storage record " + k + " names no known storage"
              + " type, so its data cannot be skipped", r.at(header.start()));
          return;
        }
        if (numel < 0 || numel > r.remaining() / elem) {
          throw new InvalidInputException("torch.storage-size", "storage record " + k
              + " declares " + Long.toUnsignedString(numel) + " elements of " + elem
              + " bytes, more than the member holds", r.at(header.end()));
        }
        if (rec != null) {
          rec.storages.add(new TarStorages.StorageRecord(header.result(), at, header.end(), numel,
              r.position()));
        }
        r.skip(numel * elem);
      } else {
        int ndim = r.i32();
        if (ndim < 0 || ndim > MAX_DIMS) {
          throw new InvalidInputException("torch.tensor-dims", "tensor record " + k + " has "
              + ndim + " dimensions", r.at(header.end()));
        }
        if (rec == null) {
          r.skip(4 + 16L * ndim + 8); // padding, sizes, strides, storage offset
        } else {
          rec.tensors.add(tensorRecord(header.result(), at, r, ndim));
        }
      }
      at = r.position();
    }
    if (storages && at < m.size()) {
      // torch's _legacy_load reads one more pickle here: the storage views list
      PickleDescription views = PickleScanner.analyseOne(ctx, m, at, name);
      if (!views.cleanEnd()) {
        return;
      }
      if (rec != null) {
        rec.views = views;
        rec.viewsAt = at;
      }
      at = views.end();
    }
    if (at < m.size()) {
      ctx.suspicious("torch.tar-trailing-data", (m.size() - at) + " bytes follow the last "
          + name + " record", name + "@" + at, "");
    }
  }

  /** The view of a tensor record, which a plain scan skips: refused alike when it is short. */
  private static TarStorages.TensorRecord tensorRecord(@Nullable PickleValue header, long at,
      SourceReader r, int ndim) throws IOException {
    r.require(4 + 16L * ndim + 8);
    r.skip(4); // old writers stored ndim as 8 bytes
    long[] size = new long[ndim];
    long[] stride = new long[ndim];
    for (int i = 0; i < ndim; i++) {
      size[i] = r.u64();
    }
    for (int i = 0; i < ndim; i++) {
      stride[i] = r.u64();
    }
    return new TarStorages.TensorRecord(header, at, size, stride, r.u64());
  }

  private static int storageElementSize(@Nullable PickleValue header) {
    if (header instanceof PickleValue.Tuple t && t.items().size() == 3) {
      return TorchStorages.elementSize(t.items().get(2));
    }
    return -1;
  }
}
