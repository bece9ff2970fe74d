package dev.modelgate.format.hdf5;

import dev.modelgate.format.hdf5.Hdf5File.Dataset;
import dev.modelgate.format.hdf5.Hdf5File.ExternalFile;
import dev.modelgate.format.hdf5.Hdf5File.ExternalLink;
import dev.modelgate.spi.ScanContext;
import java.util.Locale;

/**
 * Structural rules for any HDF5 file: datasets or links that make the loader read other files,
 * datasets that declare far more data than the file stores (shape bombs), structure the reader
 * could not walk, and structural errors.
 */
public final class Hdf5Rules {
  /** Declared sizes above this are checked against what is stored. */
  static final long BOMB_DECLARED = 1L << 30;
  /** A dataset storing less than 1/RATIO of its declared size is a shape bomb. */
  static final long BOMB_RATIO = 1024;

  private Hdf5Rules() {}

  public static void apply(ScanContext ctx, Hdf5File f, long fileSize) {
    for (Dataset d : f.datasets()) {
      for (ExternalFile e : d.externalFiles()) {
        reference(ctx, "hdf5.external-storage", e.name(), "dataset " + d.path()
            + " keeps its data in external file '" + e.name() + "'", d.location(),
            "external=[('" + e.name() + "', " + e.offset() + ", "
                + (e.size() == Long.MAX_VALUE ? "UNLIMITED" : e.size()) + ")]");
      }
      for (String src : d.virtualSources()) {
        if (!src.equals(".")) {
          reference(ctx, "hdf5.virtual-dataset", src, "virtual dataset " + d.path()
              + " maps data from file '" + src + "'", d.location(), "source='" + src + "'");
        }
      }
      long stored = d.storedBytes() >= 0 ? d.storedBytes() : fileSize;
      if (d.externalFiles().isEmpty() && d.declaredBytes() > BOMB_DECLARED
          && stored < d.declaredBytes() / BOMB_RATIO) {
        ctx.invalid("hdf5.shape-bomb", "dataset " + d.path() + " declares shape " + d.dims()
            + " x " + d.elementSize() + " bytes = " + human(d.declaredBytes()) + " but stores "
            + human(stored) + "; a reader allocating the declared size exhausts memory",
            d.location());
      }
    }
    for (ExternalLink l : f.externalLinks()) {
      reference(ctx, "hdf5.external-link", l.file(), "link " + l.path()
          + " points into another file '" + l.file() + "'", l.location(),
          "ExternalLink('" + l.file() + "', '" + l.object() + "')");
    }
    for (String what : f.unreadable()) {
      // Unread structure could hold the references checked above, so it is not reported clean.
      ctx.suspicious("hdf5.unreadable", "not inspected: " + what, "", what);
    }
    f.error().ifPresent(e -> ctx.invalid(e.rule(), e.getMessage(), e.location()));
  }

  /**
   * A reference to another file. Loaders (h5py, Keras before its CVE-2026-1669 fix) read the
   * file the name resolves to, relative to the working directory. An absolute path, a parent
   * traversal or a URL reaches outside anything the model ships with (e.g. /etc/passwd handed
   * back as weights), so it is malicious; a plain relative name is still hostile structure for a
   * self-contained model, hence invalid.
   */
  private static void reference(ScanContext ctx, String rule, String name, String message,
      String location, String evidence) {
    if (reachesOutside(name)) {
      ctx.malicious(rule, message + ", outside the model", location, evidence);
    } else {
      ctx.add(new dev.modelgate.rules.Finding(rule, dev.modelgate.rules.Verdict.INVALID, message,
          location, evidence));
    }
  }

  static boolean reachesOutside(String name) {
    String n = name.replace('\\', '/');
    String lower = n.toLowerCase(Locale.ROOT);
    return n.startsWith("/") || n.startsWith("~") || lower.matches("^[a-z]:.*")
        || lower.matches("^[a-z][a-z0-9+.-]*://.*") || ("/" + n + "/").contains("/../")
        || n.contains("${") || n.startsWith("$");
  }

  static String human(long bytes) {
    if (bytes == Long.MAX_VALUE) {
      return "more than 8 EiB";
    }
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format(Locale.ROOT, "%.2f MiB", bytes / (double) (1L << 20));
    }
    return bytes + " bytes";
  }
}
