package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.List;

/**
 * ZIP files (PyTorch checkpoints, .npz, .keras, plain archives), read with {@link ZipArchive}
 * and scanned by the first {@link ZipFlavour} that claims them.
 */
public final class ZipHandler implements FormatHandler {
  private static final byte[] LOCAL = {'P', 'K', 3, 4};
  private static final byte[] EMPTY = {'P', 'K', 5, 6};
  private final List<ZipFlavour> flavours;

  /** @param flavours offered an archive in order; the last must claim every archive */
  public ZipHandler(List<ZipFlavour> flavours) {
    this.flavours = List.copyOf(flavours);
  }

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
    ZipFlavour flavour = flavours.stream().filter(f -> f.claims(z)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no zip flavour claims the archive"));
    ctx.format(flavour.format());
    try {
      flavour.scan(ctx, z, src);
    } finally {
      z.report(ctx);
    }
  }
}
