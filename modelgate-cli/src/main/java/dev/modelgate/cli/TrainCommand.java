package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Param;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ahead-of-time cache's training run (used by the launcher, hidden from help): one JVM runs
 * the main commands on the bundled examples, so the cache holds the classes and method profiles
 * of scanning, hashing, inspecting and converting, not of scanning alone.
 */
final class TrainCommand {
  static final Command COMMAND = Command.of("aot-train", List.of(
          "The ahead-of-time cache's training run (internal)."), List.of(),
      List.of(Param.one("EXAMPLES", "The bundled examples folder.")), TrainCommand::run).hide();

  private TrainCommand() {}

  static int run(Args a, Io io) throws IOException {
    Path examples = a.paramPath(0);
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
          {"--version"},
          {"scan", "--help"},
          {"no-such-command"},
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
