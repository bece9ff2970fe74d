package dev.modelgate.format.numpy;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@code .npy} header the way numpy's {@code read_magic} and
 * {@code _read_array_header} do: magic, version 1.0, 2.0 or 3.0, a little-endian header length
 * (2 bytes for version 1, else 4), the header decoded as latin-1 (UTF-8 for version 3) and
 * evaluated with Python literal semantics ({@link HeaderLiteral}), then numpy's own checks: a
 * dict of exactly {@code descr}, {@code fortran_order} and {@code shape}, the shape a tuple of
 * ints, the order a bool. The one reader of the format: the scan judges what it returns and
 * convert reads the array from the same description.
 */
final class NpyReader {
  /**
   * Longest header read. numpy reads any length when {@code allow_pickle=True} (10000
   * characters otherwise); a longer header is reported and the data behind it still judged.
   */
  static final int MAX_HEADER = 1 << 16;
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  private NpyReader() {}

  /** A header numpy may read but this reader does not: where its data begins is still known. */
  static final class Unreadable extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final long dataOffset;

    Unreadable(InvalidInputException why, long dataOffset) {
      super(why.rule(), why.getMessage(), why.location());
      this.dataOffset = dataOffset;
    }

    long dataOffset() {
      return dataOffset;
    }
  }

  static NpyArray read(ByteSource src) throws IOException {
    SourceReader in = new SourceReader(src, 6, "numpy", "");
    int major = in.u8();
    int minor = in.u8();
    if (major < 1 || major > 3 || minor != 0) {
      throw new InvalidInputException("numpy.version", "unsupported .npy version " + major + "."
          + minor, "@6");
    }
    long len = major == 1 ? in.u16() : in.u32();
    long headerAt = in.position();
    if (len > MAX_HEADER) {
      in.require(len); // a header that runs past the end is truncated to numpy as well
      throw new Unreadable(new InvalidInputException("numpy.header-unsupported", "header of "
          + len + " bytes is longer than the " + MAX_HEADER + " this reader holds; numpy reads"
          + " it when loading with allow_pickle=True", "@8"), headerAt + len);
    }
    byte[] raw = in.bytes(len);
    String at = "@" + headerAt;
    Object parsed;
    try {
      parsed = HeaderLiteral.parse(decode(raw, major, at), major <= 2, at);
    } catch (HeaderLiteral.Unsupported u) {
      throw new Unreadable(u, in.position());
    }
    if (!(parsed instanceof Map<?, ?> header)) {
      throw new InvalidInputException("numpy.header", "header is not a dict", at);
    }
    if (!header.keySet().equals(KEYS)) {
      throw new InvalidInputException("numpy.header", "header keys must be descr, fortran_order"
          + " and shape, found " + header.keySet(), at);
    }
    if (!(header.get("fortran_order") instanceof Boolean fortran)) {
      throw new InvalidInputException("numpy.header", "fortran_order is not a boolean", at);
    }
    // the keys were just checked, and a literal's values are never null (None is PyValue.NONE)
    Object descr = Objects.requireNonNull(header.get("descr"), "descr");
    return new NpyArray(major, descr, fortran, shape(header.get("shape"), at),
        headerAt, in.position(), src);
  }

  /** numpy's check: a tuple of Python ints (a bool is one); their range is judged later. */
  @SuppressWarnings("ReferenceEquality") // PyValue.LARGE_INT is a marker compared by identity
  private static List<Object> shape(@Nullable Object shape, String at)
      throws InvalidInputException {
    if (!(shape instanceof PyValue.Tuple t)) {
      throw new InvalidInputException("numpy.shape", "shape is not a tuple", at);
    }
    List<Object> dims = new ArrayList<>(t.items().size());
    for (Object d : t.items()) {
      if (!(d instanceof BigInteger || d instanceof Boolean || d == PyValue.LARGE_INT)) {
        throw new InvalidInputException("numpy.shape", "bad dimension " + d, at);
      }
      dims.add(d);
    }
    return dims;
  }

  /** latin-1 for versions 1 and 2; strict UTF-8 for version 3, as Python's decode. */
  private static String decode(byte[] raw, int major, String at) throws InvalidInputException {
    if (major < 3) {
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("numpy.header", "version 3 header is not UTF-8", at);
    }
  }
}
