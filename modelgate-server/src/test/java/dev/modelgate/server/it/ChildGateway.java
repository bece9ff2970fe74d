package dev.modelgate.server.it;

import dev.modelgate.json.JsonWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code modelgate serve} in its own JVM (the test's class path), for what needs a real process:
 * kill -9, SIGTERM, exit codes.
 */
final class ChildGateway implements AutoCloseable {
  final Process process;
  final String url;
  private final StringBuffer stderr = new StringBuffer();

  private ChildGateway(Process p, String url) {
    this.process = p;
    this.url = url;
  }

  static ChildGateway start(Path dir, Map<String, Object> config) throws Exception {
    Path cfg = dir.resolve("child-config.json");
    Files.writeString(cfg, JsonWriter.write(config, true));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "dev.modelgate.server.Main", "--config",
        cfg.toString()));
    Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("child-stdout.log").toFile())
        .start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
        StandardCharsets.UTF_8));
    CompletableFuture<String> ready = new CompletableFuture<>();
    StringBuffer all = new StringBuffer();
    Thread t = new Thread(() -> {
      try {
        String line;
        while ((line = err.readLine()) != null) {
          all.append(line).append('\n');
          int at = line.indexOf("listening on ");
          if (at >= 0) {
            ready.complete(line.substring(at + "listening on ".length()).strip());
          }
        }
        ready.completeExceptionally(new IOException("gateway exited: " + all));
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
    }, "child-stderr");
    t.setDaemon(true);
    t.start();
    String url;
    try {
      url = ready.get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("gateway did not start: " + all, e);
    }
    ChildGateway c = new ChildGateway(p, url);
    c.stderr.append(all);
    return c;
  }

  /** kill -9. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** SIGTERM; returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
