package dev.modelgate.convert;

import dev.modelgate.policy.Policy;
import dev.modelgate.tensor.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code modelgate convert} does: open the input once, scan it, refuse it unless clean, and
 * write safetensors from that same open input next to it (or to {@code out}). A folder holding
 * a Hugging Face checkpoint ({@code pytorch_model.bin}, or shards with
 * {@code pytorch_model.bin.index.json}) becomes {@code model.safetensors} or shards plus
 * {@code model.safetensors.index.json}.
 */
public final class Converter {
  private Converter() {}

  /**
   * How {@link #convert} works.
   *
   * @param dedupe drop the extra names of tied weights (recorded in {@code __metadata__})
   * @param force overwrite existing outputs
   * @param progress told after each tensor is written, or null
   */
  public record Options(Policy policy, boolean dedupe, boolean force,
      SafetensorsWriter.@Nullable Listener progress) {
    public Options(Policy policy, boolean dedupe, boolean force) {
      this(policy, dedupe, force, null);
    }
  }

  /** What was written. */
  public record Outcome(List<Path> outputs, int tensors, long bytes, int skipped) {}

  /**
   * Scans {@code in} and, when it is clean, writes it to {@code out} as safetensors.
   *
   * @throws RefusedException when the input's scan verdict is not clean
   * @throws FileAlreadyExistsException when an output exists and {@code force} is off
   */
  public static Outcome convert(Path in, @Nullable Path out, Options o) throws IOException {
    if (!Files.exists(in)) {
      throw new NoSuchFileException(in.toString(), null, "no such file or directory");
    }
    if (Files.isDirectory(in)) {
      return Sharded.convert(in, out == null ? in : out, o);
    }
    Path target = out == null ? defaultOutput(in) : out;
    checkTarget(in, target, o.force());
    try (Checkpoint c = Checkpoint.open(in, o.policy())) {
      long bytes = c.writeSafetensors(target, o.dedupe(), o.progress());
      return new Outcome(List.of(target), c.tensors().size(), bytes, c.skipped());
    }
  }

  /** IN with its extension replaced by {@code .safetensors}. */
  public static Path defaultOutput(Path in) {
    String name = in.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return in.resolveSibling(stem + ".safetensors");
  }

  static void checkTarget(Path in, Path target, boolean force) throws IOException {
    if (Files.exists(target) && Files.isSameFile(in, target)) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "is the input itself; name another output");
    }
    if (Files.isDirectory(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "is a directory");
    }
    if (Files.exists(target) && !force) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "already exists (use --force to overwrite)");
    }
  }
}
