package dev.modelgate.format.safetensors;

import dev.modelgate.tensor.DType;
import dev.modelgate.tensor.TensorInfo;
import java.util.List;

/**
 * One tensor of a safetensors header: what it is, and where its bytes lie.
 *
 * @param begin first byte relative to the start of the data section
 * @param end one past the last byte relative to the start of the data section
 */
public record TensorEntry(TensorInfo info, long begin, long end) {

  public String name() {
    return info.name();
  }

  public DType dtype() {
    return info.dtype();
  }

  /** Dimensions, each non-negative; their product fits in a {@code long}. */
  public List<Long> shape() {
    return info.shape();
  }

  public long byteSize() {
    return end - begin;
  }
}
