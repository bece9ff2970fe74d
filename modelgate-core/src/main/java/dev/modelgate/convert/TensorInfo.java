package dev.modelgate.convert;

import dev.modelgate.tensor.DType;
import java.util.List;

/**
 * A tensor of a {@link Checkpoint}, as it will be written: contiguous and little-endian.
 *
 * @param shape dimensions, outermost first (empty for a scalar)
 * @param byteLength bytes of the contiguous tensor
 */
public record TensorInfo(String name, DType dtype, List<Long> shape, long byteLength) {
  public TensorInfo {
    shape = List.copyOf(shape);
  }
}
