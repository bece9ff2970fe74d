package dev.modelgate.server.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} binaries, started in a temp
 * folder on a free port and stopped after the tests (as the {@code postgres} user when the tests
 * run as root, which PostgreSQL refuses to run as). {@code MODELGATE_TEST_PG_URL} points the tests
 * at a server of your own instead. Without either the tests are skipped, except in CI
 * ({@code CI=true}), where that is a failure.
 */
final class Postgres implements AutoCloseable {
  private final Path dir;
  private final Path bin;
  private final String url;
  private final boolean asPostgres;

  private Postgres(Path dir, Path bin, String url, boolean asPostgres) {
    this.dir = dir;
    this.bin = bin;
    this.url = url;
    this.asPostgres = asPostgres;
  }

  static Postgres start() throws Exception {
    String given = System.getenv("MODELGATE_TEST_PG_URL");
    if (given != null && !given.isBlank()) {
      return new Postgres(null, null, given, false);
    }
    Path bin = findBin();
    if (bin == null) {
      String msg = "no PostgreSQL server binaries (apt-get install postgresql) and no "
          + "MODELGATE_TEST_PG_URL";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(msg);
      }
      Assumptions.abort(msg);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("mg-pg");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Postgres pg = new Postgres(dir, bin, "jdbc:postgresql://127.0.0.1:" + port
        + "/postgres?user=postgres", root);
    if (root) {
      run(List.of("chown", "postgres", dir.toString()), false);
    }
    pg.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
        "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"));
    pg.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w",
        "-l", dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir
            + " -h 127.0.0.1 -F", "start"));
    return pg;
  }

  /** A fresh, empty database on the server. */
  String newDatabase(String name) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name);
    }
    return url.replace("/postgres?", "/" + name + "?");
  }

  private static Path findBin() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return null;
    }
    try (Stream<Path> s = Files.list(base)) {
      return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
          .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString()
              .replaceAll("[^0-9]", "0")))).orElse(null);
    }
  }

  private void pg(List<String> cmd) throws IOException {
    List<String> c = new ArrayList<>();
    if (asPostgres) {
      c.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    c.addAll(cmd);
    run(c, true);
  }

  private static void run(List<String> cmd, boolean check) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    boolean done;
    try {
      done = p.waitFor(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
    if (!done) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", cmd));
    }
    if (check && p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws IOException {
    if (dir == null) {
      return;
    }
    try {
      pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-m", "immediate", "stop"));
    } finally {
      run(List.of("rm", "-rf", dir.toString()), false);
    }
  }
}
