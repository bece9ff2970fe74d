package dev.modelgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The ahead-of-time cache's training run (used by the launcher, hidden from help): one JVM runs
 * the main commands on the bundled examples, so the cache holds the classes and method profiles
 * of scanning, hashing, inspecting and converting, not of scanning alone.
 */
@Command(name = "aot-train", hidden = true)
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "EXAMPLES")
  Path examples;

  @Override
  public Integer call() throws IOException {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    Path tmp = Files.createTempDirectory("modelgate-train");
    try {
      Path clean = examples.resolve("clean");
      Path ckpt = clean.resolve("tiny-cnn.pt");
      Path out = tmp.resolve("tiny-cnn.safetensors");
      // enough data for the SHA-256 loop to reach C2 and be profiled as hot
      Path blob = tmp.resolve("blob.bin");
      try (var ch = java.nio.channels.FileChannel.open(blob,
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 20);
        for (int k = 0; k < 128; k++) {
          ch.write(zeros.clear());
        }
      }
      String[][] runs = {
          {"scan", "--format", "json", examples.toString()},
          {"scan", examples.toString()},
          {"hash", examples.toString()},
          {"hash", blob.toString()},
          {"inspect", ckpt.toString()},
          {"convert", ckpt.toString(), out.toString()},
          {"inspect", out.toString()},
      };
      for (String[] args : runs) {
        Main.run(args, sink, sink);
      }
      return Main.OK;
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
