package dev.modelgate.format.torch;

import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.archive.ZipFlavour;
import dev.modelgate.format.archive.ZipMembers;
import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * PyTorch's zip checkpoints ({@code torch.save} since 1.6) and TorchScript archives
 * ({@code torch.jit.save}). torch.load accepts any single top folder name, not only
 * {@code archive/}, so the folder is found from where {@code data.pkl} is. Every pickle is
 * analysed statically; storages the pickle names must exist and be large enough (tensor bytes are
 * never read); TorchScript code is judged ({@link TorchScriptCode}); any other member is scanned
 * as a file of its own, so a pickle or model hidden beside the tensors is found.
 */
public final class TorchZipFlavour implements ZipFlavour {
  /** Files torch writes itself beside data.pkl and data/ (paths below the top folder). */
  private static final Set<String> KNOWN = Set.of("version", ".format_version",
      ".storage_alignment", "byteorder", ".data/serialization_id", ".data/version");

  @Override
  public String format() {
    return "pytorch-zip";
  }

  @Override
  public boolean claims(ZipArchive z) {
    return top(z).isPresent();
  }

  /** The top folder holding {@code data.pkl}, e.g. {@code archive}. */
  public static Optional<String> top(ZipArchive z) {
    for (ZipEntry e : z.entries()) {
      String n = e.name();
      int slash = n.indexOf('/');
      if (slash > 0 && n.substring(slash + 1).equals("data.pkl")) {
        return Optional.of(n.substring(0, slash));
      }
    }
    return Optional.empty();
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // e == dataPkl: that very entry (names can repeat)
  public void scan(ScanContext ctx, ZipArchive z, ByteSource src) throws IOException {
    String top = top(z).orElseThrow();
    String prefix = top + "/";
    ZipEntry dataPkl = z.entry(prefix + "data.pkl").orElseThrow();
    Set<String> referenced = new HashSet<>();
    PickleDescription main = analyse(ctx, z, dataPkl);
    if (main != null) {
      checkStorages(ctx, z, prefix, main, referenced);
      TorchViews.check(ctx, main, dataPkl.name());
    }
    TorchScriptCode code = new TorchScriptCode(ctx);
    for (ZipEntry e : z.entries()) {
      if (e == dataPkl || e.isDirectory()) {
        continue;
      }
      String name = e.name();
      String rel = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
      if (rel != null && (KNOWN.contains(rel) || referenced.contains(name))) {
        continue; // torch's own small files, and tensor bytes, which are never read
      }
      if (name.endsWith(".pkl") || name.endsWith(".debug_pkl")) {
        analyse(ctx, z, e); // TorchScript constants.pkl and debug pickles are unpickled too
      } else if (rel != null && rel.startsWith("code/") && name.endsWith(".py")) {
        code.judge(z, e); // TorchScript source: torch.jit.load compiles and runs it
      } else {
        ZipMembers.scan(ctx, z, e);
      }
    }
    code.report();
    if (main != null && ctx.describing()) {
      ctx.describe(new TorchCheckpoint(TorchCheckpoint.Layout.ZIP, main, dataPkl.name(),
          new ZipStorages(z, prefix, dataPkl.name(), new Budget(ctx.limits()))));
    }
  }

  /** Analyses one pickle member; null when it could not be opened. */
  private static @Nullable PickleDescription analyse(ScanContext ctx, ZipArchive z, ZipEntry e)
      throws IOException {
    if (!e.readable()) {
      return null; // reported as a zip anomaly
    }
    // Pickles small enough to hold are read whole so their CRC is checked (torch checks it).
    boolean small = e.uncompressedSize() <= ctx.limits().maxMetadataBytes();
    try (ByteSource pkl = small
        ? new BytesSource(z.readSmall(e, ctx.budget(), ctx.limits().maxMetadataBytes(), e.name()),
            e.name())
        : z.open(e, ctx.budget(), e.name())) {
      return PickleScanner.analyse(ctx, pkl, 0, e.name());
    } catch (InvalidInputException x) {
      ctx.invalid(x.rule(), x.getMessage(), x.location());
      return null;
    }
  }

  private static void checkStorages(ScanContext ctx, ZipArchive z, String prefix,
      PickleDescription d, Set<String> referenced) {
    Set<String> checked = new HashSet<>();
    for (PickleValue.PersistentRef p : d.persistentIds()) {
      String where = prefix + "data.pkl@" + p.offset();
      TorchStorages.Ref ref = TorchStorages.parse(p);
      if (ref == null) {
        ctx.invalid("torch.persistent-id", "persistent id is not a ('storage', type, key,"
            + " location, numel) tuple; torch.load cannot resolve it", where);
        continue;
      }
      if (!TorchStorages.plainKey(ref.key())) {
        ctx.invalid("torch.storage-key", "storage key '" + ref.key() + "' is not a plain name",
            where);
        continue;
      }
      String member = prefix + "data/" + ref.key();
      referenced.add(member);
      Optional<ZipEntry> e = z.entry(member);
      if (e.isEmpty()) {
        ctx.invalid("torch.missing-storage", "the pickle refers to storage " + ref.key()
            + " but the archive has no " + member, where);
        continue;
      }
      int elem = TorchStorages.elementSize(ref.type());
      if (elem < 0 || ref.numel() < 0 || !checked.add(member)) {
        continue; // unknown storage types are left to the pickle allowlist
      }
      if (ref.numel() > Long.MAX_VALUE / elem
          || ref.numel() * elem != e.get().uncompressedSize()) {
        // torch.load requires the exact size ("record size does not match expected size").
        ctx.invalid("torch.storage-size", "storage " + ref.key() + " declares " + ref.numel()
            + " elements of " + elem + " bytes but " + member + " holds "
            + e.get().uncompressedSize() + " bytes", where);
      }
    }
  }

  /** For tests: the members torch itself writes. */
  static List<String> knownFiles() {
    return List.copyOf(KNOWN);
  }
}
