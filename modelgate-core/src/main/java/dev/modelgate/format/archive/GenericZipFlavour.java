package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.scan.ScanContext;
import java.io.IOException;

/** Any other ZIP: every member is scanned as its own file. */
final class GenericZipFlavour implements ZipFlavour {
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
      String why = EntryNames.escape(e.name());
      if (why != null) {
        // Zip slip is "invalid", not "malicious": Python's zipfile (what model loaders use)
        // sanitises such names and extracts inside the folder; only naive extractors
        // (new File(dest, name)) write outside. Tar differs: see TarHandler.
        ctx.invalid("zip.path-traversal", "member name " + e.name() + " escapes the extraction"
            + " folder (" + why + ")", ZipArchive.at(e.localHeaderOffset()));
      }
      ZipMembers.scan(ctx, z, e);
    }
  }
}
