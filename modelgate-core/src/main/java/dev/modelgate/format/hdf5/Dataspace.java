package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** Dataspace message: the current dimensions ({@code null} for a null dataspace with no data). */
@SuppressWarnings("ArrayRecordComponent") // read once by the dataset reader, never compared
record Dataspace(long @Nullable [] dims) {
  static final int MAX_RANK = 32;

  static Dataspace parse(Hdf5Io io, Cursor c) throws InvalidInputException {
    int version = c.u8();
    int rank = c.u8();
    c.u8(); // flags: nothing read here depends on them
    boolean isNull = false;
    if (version == 1) {
      c.skip(5);
    } else if (version == 2) {
      isNull = c.u8() == 2;
    } else {
      throw new InvalidInputException("hdf5.dataspace", "dataspace version " + version
          + " is not defined", c.here());
    }
    if (rank > MAX_RANK) {
      throw new InvalidInputException("hdf5.dataspace", "rank " + rank + " exceeds "
          + MAX_RANK, c.here());
    }
    long[] dims = new long[rank];
    for (int k = 0; k < rank; k++) {
      dims[k] = io.length(c);
    }
    return new Dataspace(isNull ? null : dims);
  }

  /** Number of elements, or {@link Long#MAX_VALUE} when the product overflows. */
  long elements() {
    if (dims == null) {
      return 0;
    }
    long n = 1;
    for (long d : dims) {
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }
}
