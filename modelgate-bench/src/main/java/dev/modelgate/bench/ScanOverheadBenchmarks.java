package dev.modelgate.bench;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.Scanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-file cost of scanning many small files, once the JIT is warm: a folder of
 * {@code files} small PyTorch zip checkpoints (4 tensors each, a few KiB) scanned with
 * {@code threads} files at once. Divide the score (ms/op) by {@code files} for the cost of one
 * file: open, read, sniff, zip directory, pickle, storage checks, sha256, result. The
 * difference between {@code threads=1} and {@code 2} is what the parallel scan buys on this
 * machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScanOverheadBenchmarks {
  @Param({"1000"})
  int files;

  @Param({"1", "2"})
  int threads;

  Path dir;
  Scanner scanner;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("modelgate-scan-bench");
    byte[] zip = Inputs.torchZip(4);
    for (int k = 0; k < files; k++) {
      Path sub = dir.resolve("part-" + (k / 100));
      Files.createDirectories(sub);
      Files.write(sub.resolve("model-" + k + ".pt"), zip);
    }
    scanner = new Scanner(ScanOptions.defaults().withThreads(threads));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public ScanReport scanFolder() throws IOException {
    ScanReport r = scanner.scan(List.of(dir));
    if (!r.allClean() || r.results().size() != files + 1) {
      throw new IllegalStateException("benchmark input not scanned clean: " + r.summary());
    }
    return r;
  }
}
