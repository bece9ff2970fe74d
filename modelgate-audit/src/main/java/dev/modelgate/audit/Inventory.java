package dev.modelgate.audit;

import dev.modelgate.audit.deps.DependencyAudit;
import dev.modelgate.audit.natives.NativeLibraries;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sorts what the user named into the audit's inputs: Python files (marked as a model's remote
 * code inside model folders), dependency files, installed metadata, vendored native libraries
 * and model files. Symbolic links are not followed; hidden folders, caches and virtual
 * environments inside a project are skipped (name a virtualenv explicitly to audit it).
 */
final class Inventory {
  record Source(Path file, String shown, boolean remoteCode) {}

  final List<Source> python = new ArrayList<>();
  final List<Source> dependencyFiles = new ArrayList<>();
  final List<Source> installed = new ArrayList<>();
  final List<Source> nativeLibs = new ArrayList<>();
  final List<Path> models = new ArrayList<>();
  final List<String> modelShown = new ArrayList<>();

  private static final Set<String> SKIP = Set.of("__pycache__", "node_modules", ".git", ".hg",
      ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist");
  /** Weights and serialised objects a model folder carries (then scanned with the core). */
  private static final Set<String> MODEL_EXT = Set.of("bin", "pt", "pth", "ckpt", "safetensors",
      "gguf", "onnx", "h5", "hdf5", "keras", "pkl", "pickle", "joblib", "npy", "npz", "msgpack",
      "tflite", "pb", "model", "mar", "nemo");

  void add(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(p.toString());
    }
    if (Files.isDirectory(p)) {
      Path venvSite = siteOfVirtualenv(p);
      walk(venvSite != null ? venvSite : p, venvSite != null ? p.relativize(venvSite) : null, p);
      return;
    }
    file(p, p.toString(), isModelFolder(p.toAbsolutePath().getParent()));
  }

  private void file(Path f, String shown, boolean inModelFolder) {
    String name = f.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".py") || lower.endsWith(".pyw")) {
      python.add(new Source(f, shown, inModelFolder));
    } else if (DependencyAudit.isDependencyFile(f)) {
      dependencyFiles.add(new Source(f, shown, false));
    } else if ((name.equals("METADATA") || name.equals("PKG-INFO")) && f.getParent() != null
        && (f.getParent().toString().endsWith(".dist-info")
            || f.getParent().toString().endsWith(".egg-info"))) {
      installed.add(new Source(f, shown, false));
    } else if (inModelFolder && MODEL_EXT.contains(ext(lower))) {
      models.add(f);
      modelShown.add(shown);
    }
  }

  private void walk(Path root, Path prefix, Path given) throws IOException {
    Path base = prefix == null ? given : given.resolve(prefix);
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root)) {
          String n = dir.getFileName().toString();
          if (SKIP.contains(n) || (n.startsWith(".") && !n.equals(".dylibs"))
              || Files.exists(dir.resolve("pyvenv.cfg"))) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (NativeLibraries.isVendorFolder(dir)) {
            vendorFolder(dir, shown(base, root, dir));
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          file(f, shown(base, root, f), isModelFolder(f.getParent()));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
        if (f.equals(root)) {
          throw e;
        }
        return FileVisitResult.CONTINUE; // an unreadable file inside a tree is skipped
      }
    });
  }

  private void vendorFolder(Path dir, String shown) {
    try (var s = Files.list(dir)) {
      for (Path f : s.toList()) {
        if ((Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
            && f.getFileName().toString().contains(".so"))
            || f.getFileName().toString().endsWith(".dylib")) {
          nativeLibs.add(new Source(f, shown + "/" + f.getFileName(), false));
        }
      }
    } catch (IOException e) {
      // an unlistable vendor folder contributes nothing
    }
  }

  private static String shown(Path base, Path root, Path p) {
    return base.resolve(root.relativize(p)).toString();
  }

  /** A virtualenv's site-packages (lib/pythonX.Y/site-packages or Lib/site-packages), or null. */
  static Path siteOfVirtualenv(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("pyvenv.cfg"))) {
      return null;
    }
    Path win = dir.resolve("Lib").resolve("site-packages");
    if (Files.isDirectory(win)) {
      return win;
    }
    Path lib = dir.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (var s = Files.list(lib)) {
        for (Path p : s.sorted().toList()) {
          Path site = p.resolve("site-packages");
          if (p.getFileName().toString().startsWith("python") && Files.isDirectory(site)) {
            return site;
          }
        }
      }
    }
    return null;
  }

  /** A folder with a model's config next to weights, or weights alone (a Hub snapshot). */
  static boolean isModelFolder(Path dir) {
    if (dir == null) {
      return false;
    }
    boolean config = Files.isRegularFile(dir.resolve("config.json"));
    if (!config) {
      return false;
    }
    try (var s = Files.list(dir)) {
      return s.anyMatch(f -> MODEL_EXT.contains(ext(f.getFileName().toString()
          .toLowerCase(Locale.ROOT))) || f.getFileName().toString().startsWith("modeling_"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String ext(String lower) {
    int dot = lower.lastIndexOf('.');
    return dot < 0 ? "" : lower.substring(dot + 1);
  }
}
