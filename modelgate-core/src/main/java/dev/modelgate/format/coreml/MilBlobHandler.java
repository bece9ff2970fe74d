package dev.modelgate.format.coreml;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.ByteBuffer;

/** ML Program weight files on their own (scanned as files of an .mlpackage folder). */
public final class MilBlobHandler implements FormatHandler {
  @Override
  public String format() {
    return "coreml-weights";
  }

  @Override
  public boolean detect(Sniff sniff) {
    if (sniff.head().length < MilBlobs.HEADER + 4) {
      return false;
    }
    ByteBuffer b = sniff.buffer();
    return b.getInt(4) == MilBlobs.VERSION && b.getInt(8) == 0 && b.getLong(16) == 0
        && (b.getInt(MilBlobs.HEADER) & 0xffffffffL) == MilBlobs.SENTINEL;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    MilBlobs.read(src, src.name().substring(src.name().lastIndexOf('/') + 1));
  }
}
