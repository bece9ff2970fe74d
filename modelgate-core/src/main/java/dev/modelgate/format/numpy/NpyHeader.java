package dev.modelgate.format.numpy;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file, for readers of its data (converters). Only simple dtypes
 * (a descr string) are described; structured dtypes are refused here.
 *
 * @param descr the array-protocol type string, e.g. {@code <f4}, {@code |O}
 * @param fortranOrder true when the data is column-major
 * @param shape the dimensions, each checked non-negative
 * @param dataOffset where the data starts
 */
public record NpyHeader(String descr, boolean fortranOrder, long[] shape, long dataOffset) {
  private static final int MAX_HEADER = 1 << 16;
  private static final int MAX_RANK = 64;

  public static NpyHeader read(ByteSource src) throws IOException {
    SourceReader in = new SourceReader(src, 6, "numpy", "");
    int major = in.u8();
    in.u8();
    long len = switch (major) {
      case 1 -> in.u16();
      case 2, 3 -> in.u32();
      default -> throw new InvalidInputException("numpy.version", "unsupported .npy version "
          + major, "@6");
    };
    if (len > MAX_HEADER) {
      throw new InvalidInputException("numpy.header", "header of " + len + " bytes", "@8");
    }
    long at = in.position();
    String text = new String(in.bytes(len),
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (!(HeaderLiteral.parse(text.strip(), "@" + at) instanceof Map<?, ?> h)
        || !(h.get("descr") instanceof String descr)
        || !(h.get("fortran_order") instanceof Boolean fortran)
        || !(h.get("shape") instanceof List<?> dims) || dims.size() > MAX_RANK) {
      throw new InvalidInputException("numpy.header", "header is not a dict with a simple descr,"
          + " fortran_order and shape", "@" + at);
    }
    long[] shape = new long[dims.size()];
    for (int k = 0; k < shape.length; k++) {
      if (!(dims.get(k) instanceof Long d) || d < 0) {
        throw new InvalidInputException("numpy.shape", "bad dimension " + dims.get(k), "@" + at);
      }
      shape[k] = d;
    }
    return new NpyHeader(descr, fortran, shape, in.position());
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
