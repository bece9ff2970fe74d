package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.scan.FormatHandler;
import dev.modelgate.scan.ScanContext;
import dev.modelgate.scan.Sniff;
import java.io.IOException;

/**
 * ZIP files (PyTorch checkpoints, .npz, .keras, plain archives), read with {@link ZipArchive}
 * and scanned by the first {@link ZipFlavour} that claims them.
 */
public final class ZipHandler implements FormatHandler {
  private static final byte[] LOCAL = {'P', 'K', 3, 4};
  private static final byte[] EMPTY = {'P', 'K', 5, 6};

  @Override
  public String format() {
    return "zip";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return sniff.startsWith(LOCAL) || sniff.startsWith(EMPTY);
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    ZipArchive z = ZipArchive.read(src, ctx.limits());
    ZipFlavour flavour = ZipFlavours.choose(z);
    ctx.format(flavour.format());
    try {
      flavour.scan(ctx, z, src);
    } finally {
      z.report(ctx);
    }
  }
}
