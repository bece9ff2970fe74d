package dev.modelgate.format.gguf;

import java.util.List;

/**
 * One tensor info of a GGUF header.
 *
 * @param dims ggml {@code ne}: dimensions, fastest-varying first, each positive
 * @param offset offset of the data relative to the data section, aligned
 * @param byteSize bytes of data, from the element count and the type's block layout
 * @param infoOffset absolute offset of this tensor info in the file
 */
public record GgufTensorInfo(String name, List<Long> dims, GgmlType type, long offset,
    long byteSize, long infoOffset) {
  public GgufTensorInfo {
    dims = List.copyOf(dims);
  }
}
