package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.List;

/**
 * TAR archives, including PyTorch's legacy TAR checkpoints. Generic archives have every regular
 * member scanned; names and links that leave the extraction folder are malicious, because
 * Python's tarfile.extractall (without the 3.12 filters, as in 3.11 and in onnx.hub,
 * CVE-2024-5187) writes through them — unlike zipfile, which sanitises names (see
 * GenericZipFlavour).
 */
public final class TarHandler implements FormatHandler {
  private final List<TarFlavour> flavours;

  /** @param flavours offered an archive in order; an archive none claims is scanned as generic */
  public TarHandler(List<TarFlavour> flavours) {
    this.flavours = List.copyOf(flavours);
  }

  @Override
  public String format() {
    return "tar";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return TarArchive.looksLikeTar(sniff.head());
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    TarArchive t = TarArchive.read(src, ctx.limits());
    try {
      for (TarFlavour f : flavours) {
        if (f.claims(t)) {
          ctx.format(f.format());
          f.scan(ctx, t);
          return;
        }
      }
      scanMembers(ctx, t);
    } finally {
      t.anomalies().forEach(ctx::add);
    }
  }

  /** Checks every member's name and link (traversal, link escape, device nodes). */
  public static void checkNames(ScanContext ctx, TarArchive t) {
    for (TarEntry e : t.entries()) {
      String where = TarArchive.at(e.headerOffset());
      checkName(ctx, e, where);
      if (e.isDevice()) {
        ctx.invalid("tar.special-file", "member " + e.name() + " is a device or FIFO node ("
            + "type '" + e.type() + "')", where);
      }
    }
  }

  /** Checks every member's name and link, and scans every regular member. */
  static void scanMembers(ScanContext ctx, TarArchive t) throws IOException {
    checkNames(ctx, t);
    for (TarEntry e : t.entries()) {
      if (!e.isDevice() && e.isRegular() && e.type() != 'S') { // devices have no data to scan
        ctx.member(e.name(), t.open(e));
      }
    }
  }

  static void checkName(ScanContext ctx, TarEntry e, String where) {
    String name = e.name();
    if (name.startsWith("/") || EntryNames.climbsOut(name)) {
      ctx.malicious("tar.path-traversal", "member " + name + " is written outside the"
          + " extraction folder by tarfile.extractall", where, name);
    }
    if (e.isLink()) {
      String link = e.linkName();
      // A symlink target is relative to the link's folder, a hard link's to the archive root.
      String resolved = e.type() == '2' && !link.startsWith("/")
          ? parent(name) + link : link;
      if (link.startsWith("/") || EntryNames.climbsOut(resolved)) {
        ctx.malicious("tar.link-escape", "member " + name + " links to " + link
            + ", outside the extraction folder; extracting through it reads or writes there",
            where, name + " -> " + link);
      }
    }
  }

  private static String parent(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash + 1);
  }
}
