package dev.modelgate.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.io.BytesSource;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team 6, point 5: the partial file of a conversion killed with {@code kill -9} is removed by
 * the next write into the same folder; live writers' files stay; errors name the user's output.
 */
class PartialFilesTest {
  @TempDir
  Path dir;

  private static Tensor tensor() {
    return new Tensor("w", DType.U8, new long[] {4}, new long[] {1}, 0,
        new BytesSource(new byte[] {1, 2, 3, 4}, "s"), "0", false);
  }

  private List<Path> partials() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(PartialFiles::isPartial).toList();
    }
  }

  /** A child JVM that starts writing an output and then hangs, as a conversion in progress. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      Path partial = PartialFiles.create(Path.of(args[0]));
      Files.write(partial, new byte[1000]);
      System.out.println(partial);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void aKilledWritersPartialFileIsRemovedByTheNextWrite() throws Exception {
    Path target = dir.resolve("model.safetensors");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), Writer.class.getName(),
        target.toString()).redirectErrorStream(true).start();
    String partial = new java.io.BufferedReader(new java.io.InputStreamReader(
        child.getInputStream())).readLine();
    // wait only for the line above; nothing here depends on timing
    assertThat(partial).contains(".mgpart-" + child.pid() + "-");
    assertThat(partials()).hasSize(1);
    // alive: another write into the folder leaves it alone
    SafetensorsWriter.write(List.of(tensor()), Map.of(), dir.resolve("other.safetensors"));
    assertThat(partials()).containsExactly(Path.of(partial));

    child.destroyForcibly(); // SIGKILL: no shutdown hook runs
    child.waitFor();
    assertThat(Path.of(partial)).exists();
    SafetensorsWriter.write(List.of(tensor()), Map.of(), target);
    assertThat(partials()).isEmpty();
    assertThat(target).exists();
  }

  @Test
  void partialNamesNameTheirWriterAndTarget() throws IOException {
    Path target = dir.resolve("x.safetensors");
    Path p = PartialFiles.create(target);
    assertThat(PartialFiles.isPartial(p)).isTrue();
    assertThat(PartialFiles.targetOf(p)).isEqualTo(target.toAbsolutePath());
    Path nested = PartialFiles.create(p); // a staged shard written through its own partial file
    assertThat(PartialFiles.targetOf(nested)).isEqualTo(target.toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
        .isEqualTo("rw-r--r--");
    // our own files are alive: a sweep keeps them
    assertThat(PartialFiles.sweep(dir)).isZero();
    assertThat(p).exists();
  }

  @Test
  void aDeadPidOrAReusedPidIsNotAlive() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    assertThat(PartialFiles.alive(p.pid(), 0)).isFalse();
    long self = ProcessHandle.current().pid();
    long started = ProcessHandle.current().info().startInstant().orElseThrow().getEpochSecond();
    assertThat(PartialFiles.alive(self, started)).isTrue();
    assertThat(PartialFiles.alive(self, started - 3600)).isFalse(); // same pid, other process
  }

  @Test
  void permissionErrorsNameTheOutputNotThePartialFile() throws IOException {
    Path ro = Files.createDirectories(dir.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root ignores permission bits: there, a regular file standing where the folder should be
      // makes the same kind of failure (the partial file cannot be created) without a skip
      Path folder = Files.isWritable(ro) ? Files.writeString(dir.resolve("not-a-folder"), "") : ro;
      Path target = folder.resolve("out.safetensors");
      assertThatThrownBy(() -> SafetensorsWriter.write(List.of(tensor()), Map.of(), target))
          .isInstanceOf(Files.isWritable(ro) ? FileSystemException.class
              : AccessDeniedException.class)
          .hasMessageStartingWith(target.toString()).hasMessageNotContaining("partial");
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void namelessErrorsSayWhatWasWrittenAndOthersAreKept() {
    IOException e = PartialFiles.named(dir.resolve("a.safetensors"),
        dir.resolve(".a.safetensors.mgpart-1-2-3.partial"),
        new IOException("No space left on device"));
    assertThat(e).hasMessage("writing " + dir.resolve("a.safetensors") + ": No space left on device");
    IOException about = new java.nio.file.NoSuchFileException("/input.pt");
    assertThat(PartialFiles.named(dir.resolve("a.safetensors"), null, about)).isSameAs(about);
  }
}
