package dev.modelgate.spark;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Fixture trees for the tests, assembled from the core's committed fixtures (made by the real
 * frameworks, see scripts/fixtures) and the bundled examples, so no model file is duplicated.
 */
final class Fixtures {
  static final Path CORE = Path.of("..", "modelgate-core", "src", "test", "resources", "fixtures")
      .toAbsolutePath().normalize();
  static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  private Fixtures() {}

  /**
   * A hub-like tree: one file of every verdict, a reader limit tripped (a zip bomb), archives
   * nested three deep, a sharded Hugging Face checkpoint and a SavedModel (folder units), and a
   * plain folder whose files are units of their own.
   */
  static Path hub(Path dir) {
    copy("archives/torch_state_dict.pt", dir.resolve("org-a/clean.pt"));
    copy("convert/suspicious.pt", dir.resolve("org-a/suspicious.pt"));
    copy("archives/torch_malicious.pt", dir.resolve("org-b/malicious.pt"));
    copy("archives/zip_bomb.zip", dir.resolve("org-b/bomb.zip"));
    copy("archives/nested.tar", dir.resolve("org-c/nested.tar"));
    copyTree(CORE.resolve("convert/hf_sharded"), dir.resolve("org-c/sharded"));
    copyTree(CORE.resolve("protobuf/tensorflow/read_file"), dir.resolve("org-d/saved"));
    return dir;
  }

  static void copy(String fixture, Path to) {
    copyFile(CORE.resolve(fixture), to);
  }

  static void copyFile(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        copyFile(p, to.resolve(from.relativize(p).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sparse file of zeros: takes no disk space, reads as {@code size} bytes. */
  static Path sparse(Path file, long size) {
    try {
      Files.createDirectories(file.getParent());
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(size);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String uri(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  static String testUri(Path p) {
    return "mgtest:" + p.toAbsolutePath();
  }
}
