package dev.modelgate.tensor;

import dev.modelgate.io.ByteSource;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor as a checkpoint describes it: a view ({@code shape}, {@code strides} and
 * {@code offset}, all in elements) over the bytes of a storage. Nothing is read until the bytes
 * are copied.
 *
 * @param storage the storage's bytes, {@code storageElements × dtype.size()} long
 * @param bigEndian true when multi-byte elements are stored big-endian (numpy {@code >f4})
 */
@SuppressWarnings("ArrayRecordComponent") // shape, strides copied in and out; equals compares them
public record Tensor(String name, DType dtype, long[] shape, long[] strides, long offset,
    ByteSource storage, String storageKey, boolean bigEndian) {

  public Tensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    strides = strides.clone();
    if (shape.length != strides.length) {
      throw new IllegalArgumentException(name + ": shape and strides differ in rank");
    }
  }

  /** Row-major strides for {@code shape}. */
  public static long[] contiguousStrides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int k = shape.length - 1; k >= 0; k--) {
      s[k] = acc;
      acc = Math.multiplyExact(acc, Math.max(1, shape[k]));
    }
    return s;
  }

  /** Number of elements (1 for a scalar). */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Bytes of the contiguous tensor. */
  public long byteLength() {
    return Math.multiplyExact(numel(), dtype.size());
  }

  /** True when the view is the row-major layout of its elements (size-1 dims ignored). */
  public boolean contiguous() {
    long expect = 1;
    for (int k = shape.length - 1; k >= 0; k--) {
      if (shape[k] != 1 && strides[k] != expect) {
        return false;
      }
      expect *= shape[k];
    }
    return true;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public long[] strides() {
    return strides.clone();
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // a ByteSource has no value equality: the same source
  public boolean equals(Object o) {
    return o instanceof Tensor t && name.equals(t.name) && dtype == t.dtype
        && Arrays.equals(shape, t.shape) && Arrays.equals(strides, t.strides)
        && offset == t.offset && Objects.equals(storageKey, t.storageKey)
        && bigEndian == t.bigEndian && storage == t.storage;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), offset, storageKey);
  }

  @Override
  public String toString() {
    return name + ":" + dtype + Arrays.toString(shape);
  }
}
