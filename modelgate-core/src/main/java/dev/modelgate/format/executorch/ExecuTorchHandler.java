package dev.modelgate.format.executorch;

import dev.modelgate.format.tflite.FlatReader;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;

/**
 * ExecuTorch programs ({@code .pte}): a FlatBuffer with file identifier {@code ET12}
 * (schema/program.fbs), optionally followed by data segments located through an extended
 * header. The runtime follows the file's offsets and indices with few checks, so every table,
 * vector, index and segment range is checked here (see {@link ProgramCheck}). Operators outside
 * ExecuTorch's own kernel libraries and unknown delegate backends need native code the
 * application links in.
 */
public final class ExecuTorchHandler implements FormatHandler {
  @Override
  public String format() {
    return "executorch";
  }

  @Override
  public boolean detect(Sniff sniff) {
    byte[] h = sniff.head();
    return h.length >= 8 && h[4] == 'E' && h[5] == 'T' && Character.isDigit(h[6])
        && Character.isDigit(h[7]);
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    ExtendedHeader header = ExtendedHeader.read(src, file);
    FlatReader f = new FlatReader(src, file, "executorch.malformed");
    new ProgramCheck(ctx, f, header, file).program(f.tableAt(0, "Program"));
  }
}
