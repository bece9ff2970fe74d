package dev.modelgate.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.ScanListener;
import dev.modelgate.format.Fixtures;
import dev.modelgate.io.FileSource;
import dev.modelgate.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan-then-reopen race: a file renamed over the input after convert opened it is never
 * converted unscanned. What is converted is what the scan judged, from the same open file (its
 * tensors and its recorded {@code source_sha256}), or the conversion is refused; the same for
 * every shard of a folder.
 *
 * <p>What these tests do not cover, by design: a writer of the open file itself (not a rename
 * over its path) can still change tensor bytes between the scan and the copy. Those are data,
 * copied as they are and never judged, so they cannot turn a clean checkpoint into one that runs
 * code. Everything judged (pickles, the zip directory, storage records, npy headers) is parsed
 * once, by the scan, and convert never reads it again.
 */
class ScanThenReadTest {
  private static final Path FIXTURES = Fixtures.dir("convert");

  @TempDir
  Path tmp;

  private static Converter.Options defaults() {
    return new Converter.Options(Policy.defaults(), false, false);
  }

  /** Replaces {@code target} by a copy of {@code with}, as an attacker's rename would. */
  private void swap(Path target, Path with) throws IOException {
    Path next = tmp.resolve("swap-" + System.nanoTime());
    Files.copy(with, next);
    Files.move(next, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aFileRenamedOverTheInputAfterItWasOpenedIsNotWhatIsScannedOrConverted()
      throws Exception {
    Path in = tmp.resolve("model.pt");
    Files.copy(FIXTURES.resolve("bare.pt"), in);
    Path out = tmp.resolve("out.safetensors");
    try (FileSource src = FileSource.open(in)) {
      swap(in, FIXTURES.resolve("malicious.pt"));
      try (Checkpoint c = Checkpoint.open(src, Policy.defaults())) {
        c.writeSafetensors(out);
      }
    }
    convertedFrom(out, "bare.pt");
    // the path now names the malicious file: opening it anew scans that, and refuses it
    assertThatThrownBy(() -> Checkpoint.open(in)).isInstanceOf(RefusedException.class);
  }

  @Test
  void aFileRenamedOverTheInputBetweenScanAndCopyIsNotRead() throws Exception {
    Path in = tmp.resolve("model.pt");
    Files.copy(FIXTURES.resolve("bare.pt"), in);
    Path out = tmp.resolve("out.safetensors");
    try (Checkpoint c = Checkpoint.open(in)) {
      swap(in, FIXTURES.resolve("views.pt")); // clean too, but not the file that was scanned
      c.writeSafetensors(out);
    }
    convertedFrom(out, "bare.pt");
  }

  /** {@code out} holds the tensors of fixture {@code name}, and names its sha256 as source. */
  private static void convertedFrom(Path out, String name) throws Exception {
    SafetensorsCheck.Read r = SafetensorsCheck.read(out);
    SafetensorsCheck.matches(r, SafetensorsCheck.expected(
        FIXTURES.resolve(name + ".expected.json")));
    assertThat(r.header().get("__metadata__")).isEqualTo(Map.of("format", "pt",
        "source_sha256", SafetensorsCheck.sha256(FIXTURES.resolve(name))));
  }

  private Path shardedCopy() throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    try (Stream<Path> s = Files.list(FIXTURES.resolve("hf_sharded"))) {
      for (Path p : s.toList()) {
        Files.copy(p, in.resolve(p.getFileName()));
      }
    }
    return in;
  }

  /** Does {@code action} when the folder scan is about to open a file whose path ends so. */
  private static ScanListener when(String opening, IoAction action) {
    return new ScanListener() {
      @Override
      public void fileStarted(String path, int index, int total) {
        if (path.endsWith(opening)) {
          try {
            action.run();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    };
  }

  private interface IoAction {
    void run() throws IOException;
  }

  @Test
  void aShardRenamedOverAfterTheScanOpenedItIsNotConverted() throws Exception {
    Path in = shardedCopy();
    Path first = in.resolve("pytorch_model-00001-of-00002.bin");
    Path out = tmp.resolve("out");
    // the scan has opened and judged shard 1 when it moves on to shard 2: swap shard 1 then
    Sharded.convert(in, out, defaults(), when("pytorch_model-00002-of-00002.bin",
        () -> swap(first, FIXTURES.resolve("malicious.pt"))));
    var expected = SafetensorsCheck.expected(FIXTURES.resolve("hf_sharded.expected.json"));
    SafetensorsCheck.Read r = SafetensorsCheck.read(out.resolve("model-00001-of-00002.safetensors"));
    assertThat(r.sha256()).isNotEmpty();
    for (var e : r.sha256().entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).isEqualTo(expected.get(e.getKey()).get("sha256"));
    }
  }

  @Test
  void aShardRenamedOverBeforeTheScanReachesItIsScannedAndRefused() throws Exception {
    Path in = shardedCopy();
    Path second = in.resolve("pytorch_model-00002-of-00002.bin");
    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> Sharded.convert(in, out, defaults(),
        when("pytorch_model-00001-of-00002.bin",
            () -> swap(second, FIXTURES.resolve("malicious.pt")))))
        .isInstanceOf(RefusedException.class).hasMessageContaining("malicious");
    assertThat(out).doesNotExist();
  }

  @Test
  void anIndexChangedWhileTheFolderIsScannedIsRefused() throws Exception {
    Path in = shardedCopy();
    Path index = in.resolve(Sharded.INDEX);
    Path out = tmp.resolve("out");
    Path other = tmp.resolve("index.json");
    Files.writeString(other, "{\"weight_map\": {\"embed.weight\": "
        + "\"pytorch_model-00001-of-00002.bin\"}}");
    assertThatThrownBy(() -> Sharded.convert(in, out, defaults(),
        when("pytorch_model-00002-of-00002.bin", () -> swap(index, other))))
        .isInstanceOf(IOException.class).hasMessageContaining("changed");
    assertThat(out).doesNotExist();
  }
}
