package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan of many files with several at once gives what one file after another gives: the same
 * results in the same order, the same verdicts and findings, the listener told the same things
 * in the same order on the caller's thread.
 */
class ParallelScanTest {
  /** Small memory budget, so several files fit any test heap at once. */
  private static final Limits LIMITS = Limits.DEFAULT.with("memory", "16m");

  private static final class Recorder implements ScanListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final Thread caller = Thread.currentThread();
    volatile boolean otherThread;

    @Override
    public void fileStarted(String path, int index, int total) {
      record("start " + index + "/" + total + " " + path);
    }

    @Override
    public void parserFailure(String path, Throwable t) {
      record("failure " + path + " " + t.getClass().getName());
    }

    private void record(String e) {
      otherThread |= Thread.currentThread() != caller;
      events.add(e);
    }
  }

  private static Path fixtures() throws Exception {
    return Path.of(ParallelScanTest.class.getResource("/fixtures").toURI());
  }

  private static ScanReport scan(List<Path> paths, int threads, Recorder r) throws Exception {
    ScanOptions o = new ScanOptions(Policy.defaults(), LIMITS, ScanOptions.DEFAULT_HASH_LIMIT,
        false, r, threads);
    return new Scanner(o).scan(paths);
  }

  @Test
  void everyFixtureJudgedAlikeOneByOneAndFourAtOnce() throws Exception {
    List<Path> paths = new ArrayList<>();
    paths.add(fixtures());
    try (Stream<Path> s = Files.list(fixtures().resolve("archives"))) {
      s.filter(Files::isRegularFile).sorted().forEach(paths::add); // top-level files too
    }
    Recorder serial = new Recorder();
    Recorder parallel = new Recorder();
    ScanReport one = scan(paths, 1, serial);
    ScanReport four = scan(paths, 4, parallel);

    assertThat(new ScanOptions(Policy.defaults(), LIMITS, 0, false, null, 4).parallelism(100))
        .as("the test heap holds several files' budgets").isGreaterThan(1);
    assertThat(four.results()).isEqualTo(one.results());
    assertThat(parallel.events).isEqualTo(serial.events);
    assertThat(parallel.otherThread).as("listener called on the caller's thread only").isFalse();
    assertThat(one.results()).extracting(ScanResult::verdict)
        .contains(Verdict.CLEAN, Verdict.MALICIOUS, Verdict.INVALID);
  }

  /**
   * What the folder walk reports (links leaving the folder, dangling links, link loops, FIFOs)
   * and special files given by name come out of a parallel scan exactly as out of a serial one,
   * and no worker opens what the walk refused.
   */
  @Test
  void walkFindingsAndSpecialFilesJudgedAlikeOneByOneAndFourAtOnce(@TempDir Path tmp)
      throws Exception {
    Path m = Files.createDirectories(tmp.resolve("model"));
    byte[] pickle = {(byte) 0x80, 2, ']', 'q', 0, '.'};
    for (int i = 0; i < 12; i++) {
      Files.write(m.resolve("w" + i + ".pkl"), pickle);
    }
    Path secret = Files.write(tmp.resolve("secret.pkl"), pickle);
    Files.createSymbolicLink(m.resolve("a-out.pkl"), secret);
    Files.createSymbolicLink(m.resolve("b-gone.pkl"), Path.of("nothing"));
    Files.createSymbolicLink(m.resolve("c-one"), Path.of("c-two"));
    Files.createSymbolicLink(m.resolve("c-two"), Path.of("c-one"));
    Files.createSymbolicLink(m.resolve("d-in.pkl"), Path.of("w0.pkl"));
    Path fifo = m.resolve("pytorch_model.bin");
    boolean hasFifo = FolderWalkTest.mkfifo(fifo);
    List<Path> paths = new ArrayList<>(List.of(m, m.resolve("w3.pkl")));
    if (hasFifo) {
      paths.add(fifo); // by name: a result of its own, never opened
    }
    if (Files.exists(Path.of("/dev/zero"))) {
      paths.add(Path.of("/dev/zero"));
    }
    Recorder serial = new Recorder();
    Recorder parallel = new Recorder();
    ScanReport one = scan(paths, 1, serial);
    ScanReport four = scan(paths, 4, parallel);

    assertThat(four.results()).isEqualTo(one.results());
    assertThat(parallel.events).isEqualTo(serial.events);
    assertThat(one.results().get(0).findings()).extracting(f -> f.rule())
        .contains("fs.symlink-outside", "fs.symlink-dangling", "fs.symlink-loop");
    if (hasFifo) {
      assertThat(one.results().get(0).findings()).extracting(f -> f.rule())
          .contains("fs.special-file");
      assertThat(four.results()).filteredOn(r -> r.path().equals(fifo.toString()))
          .singleElement().satisfies(r -> assertThat(r.format()).isEqualTo("special-file"));
    }
  }

  @Test
  void aScanAfterAParallelOneStartsAfresh() throws Exception {
    Path dir = fixtures().resolve("archives");
    ScanOptions o = new ScanOptions(Policy.defaults(), LIMITS, ScanOptions.DEFAULT_HASH_LIMIT,
        false, null, 2);
    Scanner s = new Scanner(o);
    ScanReport first = s.scan(List.of(dir));
    ScanReport second = s.scan(List.of(dir));
    assertThat(second.results()).isEqualTo(first.results());
    assertThat(s.scanFile(Files.list(dir).filter(Files::isRegularFile).sorted().findFirst()
        .orElseThrow())).isNotEmpty();
  }

  @Test
  void memoryBoundsHowManyFilesAtOnce() {
    Limits big = Limits.DEFAULT.with("memory", "512m");
    assertThat(big.concurrentFiles(256L << 20)).isEqualTo(1);
    assertThat(big.concurrentFiles(6L << 30)).isEqualTo(8);
    assertThat(LIMITS.concurrentFiles(1L << 30)).isEqualTo(14); // 768 MiB / 52 MiB
  }
}
