package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/** Any other ZIP: every member is scanned as its own file. */
public final class GenericZipFlavour implements ZipFlavour {
  @Override
  public String format() {
    return "zip";
  }

  @Override
  public boolean claims(ZipArchive z) {
    return true;
  }

  @Override
  public void scan(ScanContext ctx, ZipArchive z, ByteSource src) throws IOException {
    for (ZipEntry e : z.entries()) {
      ZipMembers.scan(ctx, z, e);
    }
  }
}
