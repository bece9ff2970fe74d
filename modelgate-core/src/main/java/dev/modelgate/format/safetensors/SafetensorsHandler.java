package dev.modelgate.format.safetensors;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * safetensors: an 8-byte header length, a JSON header, raw tensor bytes. Nothing in it can run
 * code, so the scan validates the header and its data layout; a file that passes is clean.
 */
public final class SafetensorsHandler implements FormatHandler {

  @Override
  public String format() {
    return "safetensors";
  }

  /**
   * The format has no magic: claim files whose bytes from offset 8 start a JSON object (<code>{"</code>
   * or <code>{}</code>). The length itself is not required to be plausible here, so a file with
   * an absurd header length is still claimed and reported invalid rather than unrecognised.
   */
  @Override
  public boolean detect(Sniff sniff) {
    byte[] h = sniff.head();
    if (h.length < 10) {
      return false;
    }
    long n = sniff.buffer().order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    if (n >= 0 && n < 2) {
      return false;
    }
    int i = 8;
    int limit = n < 0 ? h.length : (int) Math.min(h.length, 8 + n);
    while (i < limit && isSpace(h[i])) {
      i++;
    }
    if (i >= limit || h[i] != '{') {
      return false;
    }
    i++;
    while (i < limit && isSpace(h[i])) {
      i++;
    }
    return i < limit && (h[i] == '"' || h[i] == '}');
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    try {
      SafetensorsFile f = SafetensorsFile.read(src, ctx.budget());
      if (ctx.describing()) {
        ctx.describe(f);
      }
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    }
  }
}
