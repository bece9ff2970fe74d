package dev.modelgate.format.numpy;

import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.archive.ZipFlavour;
import dev.modelgate.format.archive.ZipMembers;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.Description;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * numpy's .npz: a ZIP whose members are all .npy arrays; each is scanned by the numpy handler,
 * and a described scan keeps each member's {@link NpyArray} (with its inflated bytes) as the
 * archive's {@link NpzArchive}.
 */
public final class NpzFlavour implements ZipFlavour {
  @Override
  public String format() {
    return "numpy-npz";
  }

  @Override
  public boolean claims(ZipArchive z) {
    boolean any = false;
    for (ZipEntry e : z.entries()) {
      if (!e.name().endsWith(".npy")) {
        return false;
      }
      any = true;
    }
    return any;
  }

  @Override
  public void scan(ScanContext ctx, ZipArchive z, ByteSource src) throws IOException {
    if (!ctx.describing()) {
      for (ZipEntry e : z.entries()) {
        ZipMembers.scan(ctx, z, e);
      }
      return;
    }
    List<NpzArchive.Member> members = new ArrayList<>();
    for (ZipEntry e : z.entries()) {
      Description d = ZipMembers.describe(ctx, z, e);
      members.add(new NpzArchive.Member(e.name(), d instanceof NpyArray a ? a : null));
    }
    ctx.describe(new NpzArchive(members));
  }
}
