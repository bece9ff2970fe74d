package dev.modelgate.format.archive;

import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/** Hands ZIP members to the scanner, one failure never stopping the others. */
public final class ZipMembers {
  private ZipMembers() {}

  /**
   * Checks the member's name and scans it as its own result {@code outer!/name}. A member that cannot be extracted
   * (bomb, bad data) is recorded as invalid and the scan goes on with the next member.
   */
  public static void scan(ScanContext ctx, ZipArchive z, ZipEntry e) throws IOException {
    String why = EntryNames.escape(e.name());
    if (why != null) {
      // Zip slip is "invalid", not "malicious": Python's zipfile (what model loaders use)
      // sanitises such names and extracts inside the folder; only naive extractors
      // (new File(dest, name)) write outside. Tar differs: see TarHandler.
      ctx.invalid("zip.path-traversal", "member name " + e.name() + " escapes the extraction"
          + " folder (" + why + ")", ZipArchive.at(e.localHeaderOffset()));
    }
    if (e.isDirectory() || !e.readable()) {
      return; // unreadable members were reported as anomalies when the directory was read
    }
    try {
      ctx.member(e.name(), z.open(e, ctx.budget(), e.name()));
    } catch (InvalidInputException x) {
      ctx.invalid(x.rule(), x.getMessage(), x.location());
    }
  }
}
