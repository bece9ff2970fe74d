package dev.modelgate.format.safetensors;

import java.util.List;

/**
 * One tensor of a safetensors header.
 *
 * @param shape dimensions, each non-negative; their product fits in a {@code long}
 * @param begin first byte relative to the start of the data section
 * @param end one past the last byte relative to the start of the data section
 */
public record TensorEntry(String name, Dtype dtype, List<Long> shape, long begin, long end) {
  public TensorEntry {
    shape = List.copyOf(shape);
  }

  public long byteSize() {
    return end - begin;
  }
}
