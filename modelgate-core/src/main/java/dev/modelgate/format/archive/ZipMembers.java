package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.Description;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Hands ZIP members to the scanner, one failure never stopping the others. */
public final class ZipMembers {
  private ZipMembers() {}

  /**
   * Checks the member's name and scans it as its own result {@code outer!/name}. A member that cannot be extracted
   * (bomb, bad data) is recorded as invalid and the scan goes on with the next member.
   */
  public static void scan(ScanContext ctx, ZipArchive z, ZipEntry e) throws IOException {
    handOver(ctx, z, e, false);
  }

  /**
   * As {@link #scan}, and returns what the member's handler described when the scan is
   * described ({@link ScanContext#memberDescription}), else null.
   */
  public static @Nullable Description describe(ScanContext ctx, ZipArchive z, ZipEntry e)
      throws IOException {
    return handOver(ctx, z, e, true);
  }

  private static @Nullable Description handOver(ScanContext ctx, ZipArchive z, ZipEntry e,
      boolean describe) throws IOException {
    String why = EntryNames.escape(e.name());
    if (why != null) {
      // Zip slip is "invalid", not "malicious": Python's zipfile (what model loaders use)
      // sanitises such names and extracts inside the folder; only naive extractors
      // (new File(dest, name)) write outside. Tar differs: see TarHandler.
      ctx.invalid("zip.path-traversal", "member name " + e.name() + " escapes the extraction"
          + " folder (" + why + ")", ZipArchive.at(e.localHeaderOffset()));
    }
    if (e.isDirectory() || !e.readable()) {
      return null; // unreadable members were reported as anomalies when the directory was read
    }
    try {
      ByteSource m = z.open(e, ctx.budget(), e.name());
      if (describe) {
        return ctx.memberDescription(e.name(), m);
      }
      ctx.member(e.name(), m);
    } catch (InvalidInputException x) {
      ctx.invalid(x.rule(), x.getMessage(), x.location());
    }
    return null;
  }
}
