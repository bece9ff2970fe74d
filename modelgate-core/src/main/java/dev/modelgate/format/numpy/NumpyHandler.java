package dev.modelgate.format.numpy;

import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;

/**
 * numpy {@code .npy} files, versions 1 to 3: magic {@code \x93NUMPY}, a header dict (descr,
 * fortran_order, shape) read with numpy's own Python literal semantics ({@link NpyReader}), and
 * the data. Numeric data is never read; its size must match the file. An object dtype means
 * the data is a pickle ({@code allow_pickle=True}), which is analysed, whatever the shape says:
 * numpy unpickles it before it applies the shape. A header numpy may read but the reader cannot
 * is reported, and its data is analysed as the pickle it may be.
 */
public final class NumpyHandler implements FormatHandler {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  @Override
  public String format() {
    return "numpy-npy";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return sniff.startsWith(MAGIC);
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    NpyArray a;
    try {
      a = NpyReader.read(src);
    } catch (NpyReader.Unreadable u) {
      // numpy accepts what we cannot read: say so, and judge what it would unpickle
      ctx.invalid(u.rule(), u.getMessage(), u.location());
      ctx.note("numpy.object-array", "the header could not be read, so the data is analysed as"
          + " the pickle an object array holds", "@" + u.dataOffset(), "");
      PickleScanner.analyse(ctx, src, u.dataOffset(), "");
      return;
    }
    long headerAt = a.headerAt();
    long dataAt = a.dataOffset();
    if (a.objects()) {
      ctx.note("numpy.object-array", "object array: loading it unpickles the data"
          + " (numpy.load refuses unless allow_pickle=True)", "@" + dataAt, "descr=" + a.descr());
      PickleScanner.analyse(ctx, src, dataAt, "");
      try {
        NpyDtype.elements(a.shape(), headerAt);
      } catch (InvalidInputException e) {
        // after the pickle, which numpy runs
        ctx.invalid(e.rule(), e.getMessage(), e.location());
      }
      describe(ctx, a);
      return;
    }
    long count = NpyDtype.elements(a.shape(), headerAt);
    long item = NpyDtype.itemSize(a.descr(), headerAt, 0);
    long expected;
    try {
      expected = Math.multiplyExact(count, item);
    } catch (ArithmeticException e) {
      throw new InvalidInputException("numpy.shape", "array size overflows", "@" + headerAt);
    }
    long actual = src.size() - dataAt;
    if (actual != expected) {
      throw new InvalidInputException("numpy.data-size", "header declares " + expected
          + " data bytes (" + count + " x " + item + ") but the file holds " + actual, "@" + dataAt);
    }
    describe(ctx, a);
  }

  private static void describe(ScanContext ctx, NpyArray a) {
    if (ctx.describing()) {
      ctx.describe(a);
    }
  }
}
