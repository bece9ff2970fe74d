package dev.modelgate.format.flax;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;

/**
 * Flax checkpoints ({@code flax.serialization.to_bytes}, {@code .msgpack}): a MessagePack map of
 * parameters whose arrays are ext values. Decoding runs no code, so the risks are structure a
 * loader fails on or misreads (sizes, nesting, chunked arrays) and ext types Flax never writes.
 */
public final class FlaxHandler implements FormatHandler {
  /** Headers looked at to claim a file: an ndarray ext appears after a few keys. */
  private static final int SNIFF_HEADERS = 4096;

  @Override
  public String format() {
    return "flax-msgpack";
  }

  @Override
  public boolean detect(Sniff sniff) {
    byte[] h = sniff.head();
    if (h.length < 2) {
      return false;
    }
    int b = h[0] & 0xff;
    if (!(b > 0x80 && b <= 0x8f) && b != 0xde && b != 0xdf) {
      return false;
    }
    Msgpack m = new Msgpack(new BytesSource(h, "sniff"), "");
    try {
      for (int k = 0; k < SNIFF_HEADERS && !m.atEnd(); k++) {
        long at = m.position();
        int marker = h[(int) at] & 0xff;
        int type = extType(h, (int) at, marker);
        if (type >= FlaxWalker.NDARRAY && type <= FlaxWalker.SCALAR) {
          return true;
        }
        Msgpack.Header x = m.next();
        if (k == 1 && x.kind() != Msgpack.Kind.STR) {
          return false; // state dict keys are strings
        }
        if (x.kind() == Msgpack.Kind.STR || x.kind() == Msgpack.Kind.BIN
            || x.kind() == Msgpack.Kind.EXT) {
          m.skip(x);
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /** The ext type byte of an ext header at {@code p}, or -1000 when it is no ext header. */
  private static int extType(byte[] h, int p, int marker) {
    int off = switch (marker) {
      case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 -> 1;
      case 0xc7 -> 2;
      case 0xc8 -> 3;
      case 0xc9 -> 5;
      default -> -1;
    };
    return off < 0 || p + off >= h.length ? -1000 : h[p + off];
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    try {
      new FlaxWalker(ctx, new Msgpack(src, file)).document();
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    }
  }
}
