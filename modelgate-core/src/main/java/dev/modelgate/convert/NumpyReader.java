package dev.modelgate.convert;

import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.numpy.NpyHeader;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * numpy arrays: an {@code .npy} file is one tensor named {@code tensor}; each {@code NAME.npy}
 * member of an {@code .npz} is a tensor named {@code NAME}. Fortran-order arrays are read with
 * column-major strides and big-endian ones swapped, so the output is C-order little-endian. Object
 * arrays are pickles and are refused.
 */
final class NumpyReader {
  private NumpyReader() {}

  static TensorSet npy(ByteSource src, String name, String format, List<Closeable> resources)
      throws IOException {
    return new TensorSet(format, List.of(tensor(src, name)), 0, resources);
  }

  static Tensor tensor(ByteSource src, String name) throws IOException {
    NpyHeader h = NpyHeader.read(src);
    String descr = h.descr();
    if (descr.contains("O")) {
      throw new RefusedException(name + " is an object array: its data is a pickle, which is"
          + " not converted");
    }
    DType dtype = DType.ofNumpy(descr).orElseThrow(() -> new InvalidInputException(
        "convert.unsupported-dtype", name + " has numpy dtype " + descr
            + ", which safetensors cannot hold", ""));
    long[] shape = h.shape();
    long[] strides = h.fortranOrder() ? fortranStrides(shape) : Tensor.contiguousStrides(shape);
    long dataLen = src.size() - h.dataOffset();
    long expected;
    try {
      expected = Math.multiplyExact(numel(shape), dtype.size());
    } catch (ArithmeticException e) {
      throw new InvalidInputException("numpy.shape", name + ": shape overflows", "");
    }
    if (dataLen != expected) {
      throw new InvalidInputException("numpy.data-size", name + ": header declares " + expected
          + " data bytes but " + dataLen + " follow", "");
    }
    ByteSource data = src.slice(h.dataOffset(), dataLen);
    return new Tensor(name, dtype, shape, strides, 0, data, name,
        DType.bigEndian(descr) && dtype.size() > 1);
  }

  static TensorSet npz(ByteSource src, ZipArchive z, Budget budget) throws IOException {
    List<Closeable> resources = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    boolean ok = false;
    try {
      for (ZipEntry e : z.entries()) {
        if (e.isDirectory()) {
          continue;
        }
        if (!e.name().endsWith(".npy")) {
          throw new InvalidInputException("convert.npz-member", "member " + e.name()
              + " is not an .npy array", e.name());
        }
        ByteSource m = z.open(e, budget, e.name());
        resources.add(m);
        tensors.add(tensor(m, e.name().substring(0, e.name().length() - 4)));
      }
      ok = true;
      return new TensorSet("numpy-npz", tensors, 0, resources);
    } finally {
      if (!ok) {
        new TensorSet("", List.of(), 0, resources).close();
      }
    }
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
