package dev.modelgate.format.archive;

import dev.modelgate.io.InvalidInputException;
import dev.modelgate.scan.ScanContext;
import java.io.IOException;

/** Hands ZIP members to the scanner, one failure never stopping the others. */
public final class ZipMembers {
  private ZipMembers() {}

  /**
   * Scans one member as its own result {@code outer!/name}. A member that cannot be extracted
   * (bomb, bad data) is recorded as invalid and the scan goes on with the next member.
   */
  public static void scan(ScanContext ctx, ZipArchive z, ZipEntry e) throws IOException {
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
