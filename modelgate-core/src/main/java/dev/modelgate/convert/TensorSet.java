package dev.modelgate.convert;

import dev.modelgate.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The tensors a reader found in one input, with what must stay open while they are copied
 * (decompressed members spilled to temporary files).
 *
 * @param format the input's format id, as the scanner names it
 * @param skipped non-tensor leaves (numbers, strings, optimizer hyper-parameters) left out
 */
record TensorSet(String format, List<Tensor> tensors, int skipped, List<Closeable> resources)
    implements Closeable {

  TensorSet {
    tensors = List.copyOf(tensors);
    resources = List.copyOf(resources);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Closeable c : resources) {
      try {
        c.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
