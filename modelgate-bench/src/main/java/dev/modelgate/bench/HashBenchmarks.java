package dev.modelgate.bench;

import dev.modelgate.io.BytesSource;
import dev.modelgate.io.Sha256;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hash loop of scan, hash and convert ({@link Sha256}), one operation = 64 MiB, so the
 * score in ms/op converts to throughput as {@code 67.1 / score} GB/s — compare it with
 * {@code openssl speed -evp sha256} on the same machine (bench/hash-loop.sh does both):
 * <ul>
 *   <li>{@code digestOnly}: the JDK digest over a heap array (the SHA-NI intrinsic's ceiling);
 *   <li>{@code inMemory}: {@link Sha256#of} of bytes already in memory (a small file read whole);
 *   <li>{@code fromFile}: {@link Sha256#update} reading a 64 MiB file from the page cache in
 *       64 KiB positional reads (what {@code modelgate hash} does per file or shard).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HashBenchmarks {
  static final int SIZE = 64 << 20;

  byte[] data;
  Path file;
  FileChannel channel;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    data = new byte[SIZE];
    new Random(14).nextBytes(data);
    file = Files.createTempFile("modelgate-hash-bench", ".bin");
    Files.write(file, data);
    channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
  }

  @Benchmark
  public byte[] digestOnly() {
    MessageDigest md = Sha256.digest();
    for (int pos = 0; pos < SIZE; pos += 64 << 10) {
      md.update(data, pos, 64 << 10);
    }
    return md.digest();
  }

  @Benchmark
  public byte[] inMemory() throws IOException {
    return Sha256.of(new BytesSource(data, "bench.bin"));
  }

  @Benchmark
  public byte[] fromFile() throws IOException {
    MessageDigest md = Sha256.digest();
    Sha256.update(md, channel, 0, SIZE, "bench.bin");
    return md.digest();
  }
}
