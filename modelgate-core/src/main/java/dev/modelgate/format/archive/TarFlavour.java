package dev.modelgate.format.archive;

import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/** A kind of TAR recognised by its members (PyTorch's legacy checkpoint); see {@code formats.Registry}. */
public interface TarFlavour {
  String format();

  /** Claims the archive from its member names; cheap, never throws. */
  boolean claims(TarArchive t);

  /** Scans the archive; the archive's own anomalies are reported by the handler. */
  void scan(ScanContext ctx, TarArchive t) throws IOException;
}
