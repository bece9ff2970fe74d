package dev.modelgate.format.gguf;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.Description;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A validated GGUF header: metadata and tensor infos. Reading it never touches tensor data, so a
 * multi-gigabyte model costs only its header.
 *
 * @param version 2 or 3
 * @param alignment {@code general.alignment}, or 32 when absent
 * @param dataStart absolute offset of the (aligned) data section
 */
public record GgufFile(int version, long alignment, List<GgufKv> metadata,
    List<GgufTensorInfo> tensors, long dataStart) implements Description {

  public GgufFile {
    metadata = List.copyOf(metadata);
    tensors = List.copyOf(tensors);
  }

  /**
   * Reads and validates the header.
   *
   * @throws dev.modelgate.io.InvalidInputException naming the violated field ({@code
   *     gguf.tensor-count}, {@code gguf.string-length}, {@code gguf.tensor-dims} ...) and offset
   */
  public static GgufFile read(ByteSource src) throws IOException {
    return read(src, new dev.modelgate.io.Budget(dev.modelgate.io.Limits.DEFAULT));
  }

  /** As {@link #read(ByteSource)}, keeping keys, strings and names within {@code budget}. */
  public static GgufFile read(ByteSource src, dev.modelgate.io.Budget budget) throws IOException {
    return new GgufParser(src, budget).parse();
  }

  public Optional<GgufKv> get(String key) {
    return metadata.stream().filter(kv -> kv.key().equals(key)).findFirst();
  }
}
