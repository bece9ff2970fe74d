package dev.modelgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the signing commands read: the signature's default place, PEM keys and certificates. */
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

  /** A PEM file (keys, certificates): ASCII text. */
  static String readPem(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.US_ASCII);
  }
}
