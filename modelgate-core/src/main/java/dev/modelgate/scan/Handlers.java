package dev.modelgate.scan;

import java.util.List;

/**
 * Every format handler, in detection order: formats with unambiguous magic numbers first, then
 * containers, then formats recognised by structure (protobuf, pickle) last.
 */
final class Handlers {
  private Handlers() {}

  static List<FormatHandler> all() {
    return List.of(
        // Each format package adds its handler here, one line each.
        new dev.modelgate.format.gguf.GgufHandler(),
        new dev.modelgate.format.safetensors.SafetensorsHandler()
    );
  }
}
