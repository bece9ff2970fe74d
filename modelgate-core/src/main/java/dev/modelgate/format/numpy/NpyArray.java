package dev.modelgate.format.numpy;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.Description;
import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.Tensor;
import java.io.IOException;
import java.util.List;

/**
 * What the numpy reader found in an {@code .npy} file (or an {@code .npz} member): the header as
 * numpy reads it and where the data lies in the scanned source. Convert builds its tensor from
 * this, so the header it uses is the one the scan judged.
 *
 * @param version 1, 2 or 3
 * @param descr the dtype description: a type string such as {@code <f4}, a list of fields, or
 *     whatever else the header spells ({@link HeaderLiteral} values)
 * @param shape the dimensions as written: Python ints (BigInteger) or bools
 * @param headerAt offset of the header text
 * @param dataOffset offset of the first data byte
 * @param source the bytes that were scanned
 */
public record NpyArray(int version, Object descr, boolean fortranOrder, List<Object> shape,
    long headerAt, long dataOffset, ByteSource source) implements Description {
  private static final int MAX_RANK = 64;

  public NpyArray {
    shape = List.copyOf(shape);
  }

  /** True when the array holds Python objects: its data is a pickle. */
  public boolean objects() {
    return NpyDtype.objects(descr);
  }

  /**
   * The array as a tensor named {@code name}: C order (Fortran-order arrays get column-major
   * strides), byte order from the descr. Only plain element types have a tensor.
   *
   * @throws InvalidInputException for object arrays, structured or unsupported dtypes, and data
   *     that does not match the shape
   */
  public Tensor tensor(String name) throws IOException {
    if (!(descr instanceof String d) || shape.size() > MAX_RANK) {
      throw new InvalidInputException("numpy.header", "header is not a dict with a simple descr,"
          + " fortran_order and shape", "@" + headerAt);
    }
    DType dtype = DType.ofNumpy(d).orElseThrow(() -> new InvalidInputException(
        "convert.unsupported-dtype", name + " has numpy dtype " + d
            + ", which safetensors cannot hold", ""));
    long[] dims = new long[shape.size()];
    for (int k = 0; k < dims.length; k++) {
      dims[k] = NpyDtype.dimension(shape.get(k));
      if (dims[k] < 0) {
        throw new InvalidInputException("numpy.shape", "bad dimension " + shape.get(k),
            "@" + headerAt);
      }
    }
    long[] strides = fortranOrder ? fortranStrides(dims) : Tensor.contiguousStrides(dims);
    long dataLen = source.size() - dataOffset;
    long expected;
    try {
      expected = Math.multiplyExact(numel(dims), dtype.size());
    } catch (ArithmeticException e) {
      throw new InvalidInputException("numpy.shape", name + ": shape overflows", "");
    }
    if (dataLen != expected) {
      throw new InvalidInputException("numpy.data-size", name + ": header declares " + expected
          + " data bytes but " + dataLen + " follow", "");
    }
    return new Tensor(name, dtype, dims, strides, 0, source.slice(dataOffset, dataLen), name,
        DType.bigEndian(d) && dtype.size() > 1);
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static long[] fortranStrides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int k = 0; k < shape.length; k++) {
      s[k] = acc;
      acc = Math.multiplyExact(acc, Math.max(1, shape[k]));
    }
    return s;
  }
}
