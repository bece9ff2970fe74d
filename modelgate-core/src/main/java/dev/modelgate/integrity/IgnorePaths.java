package dev.modelgate.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns command-line ignore paths into model-relative names the way the reference CLI does
 * (relative to the working directory, dropped when outside the model), plus the git paths and
 * the signature file.
 */
public final class IgnorePaths {
  private IgnorePaths() {}

  /**
   * The model-relative paths to leave out of hashing.
   *
   * @param user {@code --ignore-paths} values; a relative path that does not lie in the model
   *     when read from the working directory is also tried relative to the model folder
   * @param signature the signature file, ignored when it lies in the model
   */
  public static List<String> resolve(Path model, List<Path> user, @Nullable Path signature,
      boolean ignoreGitPaths)
      throws IOException {
    Path root = real(model);
    Set<String> out = new LinkedHashSet<>();
    if (ignoreGitPaths) {
      out.addAll(ModelHasher.GIT_PATHS);
    }
    List<Path> all = new ArrayList<>(user);
    if (signature != null) {
      all.add(signature);
    }
    for (Path p : all) {
      String rel = relative(root, real(p));
      if (rel == null && !p.isAbsolute() && Files.isDirectory(root)) {
        rel = relative(root, real(root.resolve(p)));
      }
      if (rel != null && !rel.isEmpty()) {
        out.add(rel);
      }
    }
    return new ArrayList<>(out);
  }

  private static @Nullable String relative(Path root, Path p) {
    if (!p.startsWith(root) || p.equals(root)) {
      return null;
    }
    return ModelWalker.name(root, p);
  }

  private static Path real(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.exists(abs)) {
      return abs.toRealPath();
    }
    Path parent = abs.getParent();
    return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(abs.getFileName()) : abs;
  }
}
