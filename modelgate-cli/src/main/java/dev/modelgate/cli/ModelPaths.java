package dev.modelgate.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the signature of a model lives unless the user says otherwise. */
final class ModelPaths {
  private ModelPaths() {}

  /** {@code explicit}, else {@code MODEL/model.sig} for a folder or {@code model.sig} beside a file. */
  static Path signature(Path model, Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    Path abs = model.toAbsolutePath().normalize();
    return Files.isDirectory(abs) ? abs.resolve("model.sig") : abs.resolveSibling("model.sig");
  }
}
