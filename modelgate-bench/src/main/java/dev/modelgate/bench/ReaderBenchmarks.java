package dev.modelgate.bench;

import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleScanner;
import dev.modelgate.format.safetensors.SafetensorsFile;
import dev.modelgate.io.BytesSource;
import dev.modelgate.json.Json;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the readers a scan spends its time in, on inputs shaped like real checkpoints:
 * the pickle machine on a state dict's data.pkl, a whole scan of a torch zip (directory, local
 * headers, pickle, storage checks), and safetensors header validation. Report per-operation
 * times; divide by {@code tensors} for the cost per tensor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReaderBenchmarks {
  @Param({"1000"})
  int tensors;

  byte[] pickle;
  byte[] zip;
  byte[] safetensors;
  byte[] header;
  Scanner scanner;

  @Setup
  public void setup() {
    pickle = Inputs.stateDictPickle(tensors);
    zip = Inputs.torchZip(tensors);
    safetensors = Inputs.safetensors(tensors);
    header = java.util.Arrays.copyOfRange(safetensors, 8, 8 + (int) java.nio.ByteBuffer
        .wrap(safetensors).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
    scanner = new Scanner(ScanOptions.defaults());
  }

  @Benchmark
  public PickleDescription pickleMachine() throws Exception {
    return PickleScanner.describe(new BytesSource(pickle, "data.pkl"), 0, "data.pkl");
  }

  @Benchmark
  public List<ScanResult> scanTorchZip() throws Exception {
    List<ScanResult> r = scanner.scan(new BytesSource(zip, "model.pt"));
    if (!r.get(0).format().equals("pytorch-zip")) {
      throw new IllegalStateException("benchmark input not recognised: " + r.get(0));
    }
    return r;
  }

  @Benchmark
  public SafetensorsFile safetensorsHeader() throws Exception {
    return SafetensorsFile.read(new BytesSource(safetensors, "model.safetensors"));
  }

  @Benchmark
  public Object strictJson() throws Exception {
    return Json.parse(header);
  }
}
