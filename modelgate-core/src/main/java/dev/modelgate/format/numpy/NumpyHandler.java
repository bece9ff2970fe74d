package dev.modelgate.format.numpy;

import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy {@code .npy} files, versions 1 to 3: magic {@code \x93NUMPY}, a header dict (descr,
 * fortran_order, shape) and the data. Numeric data is never read; its size must match the file.
 * An object dtype means the data is a pickle ({@code allow_pickle=True}), which is analysed.
 */
public final class NumpyHandler implements FormatHandler {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** numpy itself refuses headers over 10000 bytes by default ({@code max_header_size}). */
  private static final int MAX_HEADER = 1 << 16;
  private static final Pattern TIME_UNIT =
      Pattern.compile("\\[\\d{0,9}(Y|M|W|D|h|m|s|ms|us|\u03bcs|ns|ps|fs|as|generic)]");
  private static final Pattern OBJECT_WORD = Pattern.compile("O|object");
  private static final Pattern SIMPLE = Pattern.compile("([<>|=]?)([biufcmMOSUVa?])(\\d*)(\\[.*])?");

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
    SourceReader in = new SourceReader(src, 6, "numpy", "");
    int major = in.u8();
    int minor = in.u8();
    long headerLen;
    if (major == 1) {
      headerLen = in.u16();
    } else if (major == 2 || major == 3) {
      headerLen = in.u32();
    } else {
      throw new InvalidInputException("numpy.version", "unsupported .npy version " + major + "."
          + minor, "@6");
    }
    if (headerLen > MAX_HEADER) {
      throw new InvalidInputException("numpy.header", "header of " + headerLen
          + " bytes exceeds " + MAX_HEADER, "@8");
    }
    long headerAt = in.position();
    byte[] raw = in.bytes(headerLen);
    String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Object parsed = HeaderLiteral.parse(text.strip(), "@" + headerAt);
    if (!(parsed instanceof Map<?, ?> header)) {
      throw new InvalidInputException("numpy.header", "header is not a dict", "@" + headerAt);
    }
    if (!header.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
      throw new InvalidInputException("numpy.header", "header keys must be descr, fortran_order"
          + " and shape, found " + header.keySet(), "@" + headerAt);
    }
    if (!(header.get("fortran_order") instanceof Boolean)) {
      throw new InvalidInputException("numpy.header", "fortran_order is not a boolean",
          "@" + headerAt);
    }
    long count = count(header.get("shape"), headerAt);
    Object descr = header.get("descr");
    long dataAt = in.position();
    if (hasObjects(descr, 0)) {
      ctx.note("numpy.object-array", "object array: loading it unpickles the data"
          + " (numpy.load refuses unless allow_pickle=True)", "@" + dataAt, "descr=" + descr);
      PickleScanner.analyse(ctx, src, dataAt, "");
      return;
    }
    long item = itemSize(descr, headerAt, 0);
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
  }

  private static long count(Object shape, long at) throws InvalidInputException {
    if (!(shape instanceof List<?> dims)) {
      throw new InvalidInputException("numpy.shape", "shape is not a tuple", "@" + at);
    }
    long n = 1;
    for (Object d : dims) {
      if (!(d instanceof Long v) || v < 0) {
        throw new InvalidInputException("numpy.shape", "bad dimension " + d, "@" + at);
      }
      try {
        n = Math.multiplyExact(n, v);
      } catch (ArithmeticException e) {
        throw new InvalidInputException("numpy.shape", "shape overflows", "@" + at);
      }
    }
    return n;
  }

  private static boolean hasObjects(Object descr, int depth) {
    if (depth > 32) {
      return true; // cannot tell: treat as the dangerous case
    }
    if (descr instanceof String s) {
      Matcher m = SIMPLE.matcher(s);
      if (m.matches()) {
        return m.group(2).equals("O");
      }
      // np.dtype() also takes names and comma lists ('object', 'f8,O', '(2,)O'); numpy.save
      // never writes them, so any such spelling that can name an object field counts as one
      // (the data is then analysed as a pickle) and the rest fail in itemSize.
      return OBJECT_WORD.matcher(s).find();
    }
    if (descr instanceof List<?> l) {
      // numpy's descr_to_dtype: a tuple (descr, shape) is a subarray; a list holds fields
      // (name, descr[, shape]) whose names (or (title, name) pairs) are not dtypes.
      if (!l.isEmpty() && !(l.get(0) instanceof List<?>)) {
        return hasObjects(l.get(0), depth + 1);
      }
      for (Object field : l) {
        if (!(field instanceof List<?> f) || f.size() < 2 || hasObjects(f.get(1), depth + 1)) {
          return true; // not a field numpy could read: cannot tell, so the dangerous case
        }
      }
    }
    return false;
  }

  /** Item size of a dtype description; structured dtypes sum their fields. */
  private static long itemSize(Object descr, long at, int depth) throws InvalidInputException {
    if (descr instanceof String s) {
      Matcher m = SIMPLE.matcher(s);
      // Brackets only carry a datetime64/timedelta64 unit such as [ns] or [10s].
      boolean unitOk = m.matches() && (m.group(4) == null
          || "mM".contains(m.group(2)) && TIME_UNIT.matcher(m.group(4)).matches());
      if (!unitOk) {
        throw new InvalidInputException("numpy.descr", "unsupported dtype '" + s + "'", "@" + at);
      }
      long n = m.group(3).isEmpty() ? (m.group(2).equals("?") ? 1 : -1)
          : Long.parseLong(m.group(3));
      if (n < 0 || n > (1L << 40)) {
        throw new InvalidInputException("numpy.descr", "dtype '" + s + "' has no size", "@" + at);
      }
      return m.group(2).equals("U") ? n * 4 : n;
    }
    if (descr instanceof List<?> fields && depth < 32) {
      long total = 0;
      for (Object f : fields) {
        if (!(f instanceof List<?> field) || field.size() < 2 || field.size() > 3) {
          throw new InvalidInputException("numpy.descr", "bad structured field " + f, "@" + at);
        }
        long size = itemSize(field.get(1), at, depth + 1);
        if (field.size() == 3) {
          size = Math.multiplyExact(size, count(field.get(2), at));
        }
        total = Math.addExact(total, size);
      }
      return total;
    }
    throw new InvalidInputException("numpy.descr", "unsupported dtype " + descr, "@" + at);
  }
}
