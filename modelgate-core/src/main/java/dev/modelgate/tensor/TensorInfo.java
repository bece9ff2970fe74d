package dev.modelgate.tensor;

import java.util.List;

/**
 * A tensor as a reader or a converter lists it: the same record for a safetensors header entry,
 * a checkpoint's tensor about to be converted, and a row of {@code inspect}.
 *
 * @param shape dimensions, outermost first (empty for a scalar)
 * @param byteLength bytes of the tensor's contiguous data
 */
public record TensorInfo(String name, DType dtype, List<Long> shape, long byteLength) {
  public TensorInfo {
    shape = List.copyOf(shape);
  }
}
