package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/**
 * A kind of ZIP recognised by its members (a PyTorch checkpoint, an .npz, a Keras v3 file). The
 * first flavour in {@code formats.Registry} that claims an archive scans it.
 */
public interface ZipFlavour {
  /** Format id reported for archives this flavour claims. */
  String format();

  /** Claims the archive from its member names; cheap, never throws. */
  boolean claims(ZipArchive z);

  /** Scans the archive; the archive's own anomalies are reported by the handler. */
  void scan(ScanContext ctx, ZipArchive z, ByteSource src) throws IOException;
}
