package dev.modelgate.format.pickle;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.Limits;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Plain pickle files ({@code .pkl}, {@code .pickle}, {@code .bin} ...), recognised by content.
 * Registered last: protocol 0 and 1 pickles have no magic number, so this claims a file only
 * when its start runs through the pickle machine like a pickle. A broken pickle that imports a
 * name before it breaks (nullifAI) is still claimed, so its payload is still judged.
 */
public final class PickleHandler implements FormatHandler {
  /** See {@link #looksLikePickle}: how soon raw data after a PROTO-like start breaks. */
  private static final int NOT_A_PICKLE_WITHIN = 16;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,200}");

  @Override
  public String format() {
    return "pickle";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return looksLikePickle(sniff.head(), sniff.size());
  }

  /** True when {@code head} (the start of a stream of {@code size} bytes) reads as a pickle. */
  public static boolean looksLikePickle(byte[] head, long size) {
    if (head.length < 2) {
      return false;
    }
    int b0 = head[0] & 0xff;
    boolean proto = b0 == Op.PROTO;
    if (proto && (head[1] < 0 || head[1] > 5)) {
      return false;
    }
    if (!proto && (!Op.known(b0) || b0 == Op.STOP)) {
      return false;
    }
    PickleDescription d;
    try {
      // the sniff window is small; its own budget keeps a claim independent of the file's
      d = new PickleMachine(new BytesSource(head, "sniff"), 0, "", new Budget(Limits.DEFAULT))
          .run();
    } catch (IOException e) {
      return proto; // cannot happen on bytes in memory; a RuntimeException claims (see Scanner)
    }
    if (proto) {
      // Raw weights (ONNX external data, .bin blobs) start with 0x80 0x02..05 once in 16k files.
      // A stream that hits a byte that is no opcode at all within its first bytes, before
      // importing or calling anything, is such data: the unpickler fails there, having run
      // nothing.
      // Anything else after PROTO, even a stream cut off by the sniff window or broken later
      // on, is a pickle and is analysed in full.
      return !(d.error() != null && d.error().rule().equals("pickle.malformed")
          && d.error().message().startsWith("invalid opcode")
          && d.error().offset() <= NOT_A_PICKLE_WITHIN && d.globals().isEmpty()
          && d.calls().isEmpty());
    }
    if (d.cleanEnd()) {
      return d.end() > 1;
    }
    for (PickleValue.Global g : d.globals()) {
      if (IDENTIFIER.matcher(g.rawModule()).matches() && IDENTIFIER.matcher(g.rawName()).matches()) {
        return true;
      }
    }
    // a long protocol 0/1 stream cut off by the sniff window
    return head.length < size && d.error() != null && d.error().rule().equals("pickle.truncated")
        && d.end() > 1024;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    PickleDescription d = PickleScanner.analyse(ctx, src, 0, "");
    if (usesDill(d)) {
      ctx.format("dill");
    }
  }

  private static boolean usesDill(PickleDescription d) {
    for (PickleValue.Global g : d.globals()) {
      if (g.module().equals("dill") || g.module().startsWith("dill.")) {
        return true;
      }
    }
    return false;
  }
}
