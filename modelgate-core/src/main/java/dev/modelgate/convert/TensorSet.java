package dev.modelgate.convert;

import dev.modelgate.tensor.Tensor;
import java.util.List;

/**
 * The tensors of one scanned input, ready to copy: views over the bytes the scan judged.
 *
 * @param format the input's format id, as the scanner names it
 * @param skipped non-tensor leaves (numbers, strings, optimizer hyper-parameters) left out
 */
record TensorSet(String format, List<Tensor> tensors, int skipped) {

  TensorSet {
    tensors = List.copyOf(tensors);
  }
}
