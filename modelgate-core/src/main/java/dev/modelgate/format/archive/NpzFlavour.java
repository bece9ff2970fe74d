package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/** numpy's .npz: a ZIP whose members are all .npy arrays; each is scanned by the numpy handler. */
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
    for (ZipEntry e : z.entries()) {
      ZipMembers.scan(ctx, z, e);
    }
  }
}
