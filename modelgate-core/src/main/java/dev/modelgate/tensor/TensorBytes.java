package dev.modelgate.tensor;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.FileRegion;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * Copies a tensor's elements, contiguous and little-endian, to a channel. A contiguous
 * little-endian view of a file on disk goes file-to-file through {@code FileChannel.transferTo};
 * strided views are gathered run by run and big-endian data is swapped, through a small buffer.
 */
public final class TensorBytes {
  private static final int BUFFER = 1 << 20;
  /** Largest window read at once for element-wise gathers (heap stays small under -Xmx256m). */
  private static final long WINDOW = 16L << 20;

  private TensorBytes() {}

  /** Checks that every element the view addresses lies inside its storage. */
  public static void checkBounds(Tensor t) throws InvalidInputException {
    long[] shape = t.shape();
    long[] strides = t.strides();
    long size = t.dtype().size();
    if (t.offset() < 0) {
      throw new InvalidInputException("tensor.bounds", t.name() + ": negative storage offset", "");
    }
    long last = t.offset();
    try {
      for (int k = 0; k < shape.length; k++) {
        if (shape[k] < 0 || strides[k] < 0) {
          throw new InvalidInputException("tensor.bounds",
              t.name() + ": negative size or stride", "");
        }
        if (shape[k] == 0) {
          return; // an empty tensor addresses nothing
        }
        last = Math.addExact(last, Math.multiplyExact(shape[k] - 1, strides[k]));
      }
      long end = Math.multiplyExact(Math.addExact(last, 1), size);
      if (end > t.storage().size()) {
        throw new InvalidInputException("tensor.bounds", t.name() + ": view ends at byte " + end
            + " but its storage holds " + t.storage().size(), t.storageKey());
      }
    } catch (ArithmeticException e) {
      throw new InvalidInputException("tensor.bounds", t.name() + ": view size overflows", "");
    }
  }

  /** Writes the tensor's {@link Tensor#byteLength()} bytes to {@code out}. */
  public static void copy(Tensor t, WritableByteChannel out) throws IOException {
    checkBounds(t);
    if (t.numel() == 0) {
      return;
    }
    int es = t.dtype().size();
    boolean swap = t.bigEndian() && es > 1;
    ByteSource src = t.storage();
    if (t.contiguous()) {
      long start = t.offset() * es;
      long len = t.byteLength();
      Optional<FileRegion> region = src.fileRegion();
      if (!swap && region.isPresent()) {
        transfer(region.get().channel(), region.get().offset() + start, len, out);
      } else {
        copyRun(src, start, len, es, swap, out, ByteBuffer.allocate(BUFFER));
      }
      return;
    }
    gather(t, src, es, swap, out);
  }

  private static void transfer(FileChannel ch, long pos, long len, WritableByteChannel out)
      throws IOException {
    long done = 0;
    while (done < len) {
      long n = ch.transferTo(pos + done, len - done, out);
      if (n <= 0) {
        throw new IOException("source ended " + (len - done) + " bytes early");
      }
      done += n;
    }
  }

  private static void copyRun(ByteSource src, long pos, long len, int es, boolean swap,
      WritableByteChannel out, ByteBuffer buf) throws IOException {
    long done = 0;
    int chunk = buf.capacity() - buf.capacity() % es;
    while (done < len) {
      buf.clear().limit((int) Math.min(chunk, len - done));
      src.readFully(pos + done, buf);
      buf.flip();
      if (swap) {
        swapInPlace(buf, es);
      }
      while (buf.hasRemaining()) {
        out.write(buf);
      }
      done += buf.limit();
    }
  }

  /** Walks the view's index space; the innermost dimension is copied as one run when dense. */
  private static void gather(Tensor t, ByteSource src, int es, boolean swap,
      WritableByteChannel out) throws IOException {
    long[] shape = t.shape();
    long[] strides = t.strides();
    int rank = shape.length;
    boolean innerDense = strides[rank - 1] == 1;
    long runElems = innerDense ? shape[rank - 1] : 1;
    int outer = innerDense ? rank - 1 : rank;
    long[] idx = new long[outer];
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    if (!innerDense) {
      long last = t.offset();
      for (int k = 0; k < rank; k++) {
        last += (shape[k] - 1) * strides[k];
      }
      long span = (last - t.offset() + 1) * es;
      if (span <= WINDOW) {
        gatherWindow(t, src, es, swap, out, (int) span, buf);
        return;
      }
    }
    ByteBuffer one = ByteBuffer.allocate(es);
    while (true) {
      long elem = t.offset();
      for (int k = 0; k < outer; k++) {
        elem += idx[k] * strides[k];
      }
      if (innerDense) {
        copyRun(src, elem * es, runElems * es, es, swap, out, buf);
      } else {
        one.clear();
        src.readFully(elem * es, one);
        one.flip();
        if (swap) {
          swapInPlace(one, es);
        }
        while (one.hasRemaining()) {
          out.write(one);
        }
      }
      int k = outer - 1;
      while (k >= 0 && ++idx[k] == shape[k]) {
        idx[k] = 0;
        k--;
      }
      if (k < 0) {
        return;
      }
    }
  }

  /**
   * Element-wise views (Fortran order, transposes) whose elements lie within a small window: the
   * window is read once and elements are picked from it, instead of one read per element.
   */
  private static void gatherWindow(Tensor t, ByteSource src, int es, boolean swap,
      WritableByteChannel out, int span, ByteBuffer buf) throws IOException {
    long[] shape = t.shape();
    long[] strides = t.strides();
    int rank = shape.length;
    byte[] window = new byte[span];
    src.readFully(t.offset() * es, ByteBuffer.wrap(window));
    long[] idx = new long[rank];
    buf.clear();
    while (true) {
      long elem = 0;
      for (int k = 0; k < rank; k++) {
        elem += idx[k] * strides[k];
      }
      int at = (int) (elem * es);
      if (buf.remaining() < es) {
        flush(buf, out);
      }
      if (swap) {
        for (int i = es - 1; i >= 0; i--) {
          buf.put(window[at + i]);
        }
      } else {
        buf.put(window, at, es);
      }
      int k = rank - 1;
      while (k >= 0 && ++idx[k] == shape[k]) {
        idx[k] = 0;
        k--;
      }
      if (k < 0) {
        flush(buf, out);
        return;
      }
    }
  }

  private static void flush(ByteBuffer buf, WritableByteChannel out) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    buf.clear();
  }

  private static void swapInPlace(ByteBuffer b, int es) {
    for (int p = b.position(); p + es <= b.limit(); p += es) {
      for (int i = 0, j = es - 1; i < j; i++, j--) {
        byte x = b.get(p + i);
        b.put(p + i, b.get(p + j));
        b.put(p + j, x);
      }
    }
  }
}
